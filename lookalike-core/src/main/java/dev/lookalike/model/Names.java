package dev.lookalike.model;

import java.util.regex.Pattern;

/** Name rules shared by the registry's records. */
final class Names {

    /** Model names, encoder ids and space names: they become folder names and index metadata. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    /** A Hugging Face repository, {@code owner/name}. */
    static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*");
    /** A branch, tag or commit. */
    static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private Names() {
    }
}
