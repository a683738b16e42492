package dev.lookalike.attribution;

/**
 * A predicted value with its calibrated confidence. Immutable.
 *
 * @param value      the winning value, {@code null} when no labelled neighbour voted
 * @param share      its vote share
 * @param confidence the calibrated probability that it is right (0 when there is no value)
 * @param vote       the whole vote
 * @param model      the model that predicted
 */
public record Prediction(String value, double share, double confidence, Vote vote, AttributeModel model) {

    /**
     * Confidence that {@code stored} is wrong: 1 minus the calibrated probability of a value with the share
     * {@code stored} got in the vote (0 when it got none). The ranking key for suspected mislabels.
     */
    public double wrongness(String stored) {
        return 1 - model.calibration().apply(vote.share(stored));
    }
}
