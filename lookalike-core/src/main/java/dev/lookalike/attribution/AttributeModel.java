package dev.lookalike.attribution;

import java.util.Locale;

/**
 * A fitted predictor for one attribute: how neighbours vote and how the winning share maps to a probability.
 * Immutable and thread-safe.
 *
 * @param attribute      the attribute
 * @param vote           the chosen vote options
 * @param calibration    winning share to probability of being right
 * @param fitAccuracy    accuracy of the chosen options on the fitting (held-out) neighbour lists
 * @param fitPredictions how many predictions the fit saw
 */
public record AttributeModel(String attribute, VoteOptions vote, Calibration calibration, double fitAccuracy, int fitPredictions) {

    public AttributeModel {
        if (attribute == null || attribute.isBlank()) {
            throw new IllegalArgumentException("attribute must be non-blank, got '" + attribute + "'");
        }
        if (vote == null || calibration == null) {
            throw new IllegalArgumentException("vote options and calibration must be non-null");
        }
    }

    public Prediction predict(NeighbourLabels neighbours) {
        Vote v = neighbours.vote(vote);
        double share = v.topShare();
        return new Prediction(v.top(), share, v.top() == null ? 0 : calibration.apply(share), v, this);
    }

    public String summary() {
        return String.format(Locale.ROOT, "%s: %s, fit accuracy %.4f on %,d held-out predictions, calibration %d blocks",
                attribute, vote, fitAccuracy, fitPredictions, calibration.blocks());
    }
}
