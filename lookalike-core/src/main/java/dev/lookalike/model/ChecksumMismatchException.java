package dev.lookalike.model;

/** A downloaded file's SHA-256 is not the expected one; the file was deleted. */
public final class ChecksumMismatchException extends ModelDownloadException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String expected;
    private final String actual;

    ChecksumMismatchException(String model, String file, String url, String expected, String actual, String why) {
        super("refused " + file + " of model " + model + " from " + url + ": its SHA-256 is " + actual + ", expected "
                + expected + " (" + why + "); nothing was kept");
        this.file = file;
        this.expected = expected;
        this.actual = actual;
    }

    /** The file's path in the model. */
    public String file() {
        return file;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
