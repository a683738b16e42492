package dev.lookalike.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KnnVoteTest {

    @Test
    void majorityWithPowerZeroAndNearestWinsWithALargePower() {
        String[] labels = {"shoe", "bag", "bag"};
        float[] sims = {0.99f, 0.5f, 0.5f};
        Vote majority = KnnVote.vote(labels, sims, new VoteOptions(3, 0));
        assertThat(majority.top()).isEqualTo("bag");
        assertThat(majority.topShare()).isCloseTo(2 / 3.0, within(1e-9));
        Vote weighted = KnnVote.vote(labels, sims, new VoteOptions(3, 4));
        assertThat(weighted.top()).isEqualTo("shoe");
        double shoe = Math.pow(0.99, 4);
        double bag = 2 * Math.pow(0.5, 4);
        assertThat(weighted.share("shoe")).isCloseTo(shoe / (shoe + bag), within(1e-6));
        assertThat(weighted.share("hat")).isZero();
    }

    @Test
    void neighboursWithoutAValueAreSkippedAndTheNextOnesVote() {
        Vote v = KnnVote.vote(new String[] {null, "red", null, "blue", "blue"}, new float[] {1, 0.9f, 0.8f, 0.7f, 0.6f}, new VoteOptions(2, 0));
        assertThat(v.shares()).containsOnlyKeys("red", "blue");
        assertThat(v.top()).isEqualTo("red"); // 1 vs 1: the nearer neighbour's value first
        assertThat(KnnVote.vote(new String[] {null}, new float[] {1}, new VoteOptions(3, 1))).isEqualTo(Vote.EMPTY);
        assertThat(Vote.EMPTY.top()).isNull();
    }

    @Test
    void refusesBadOptions() {
        assertThatThrownBy(() -> new VoteOptions(0, 1)).hasMessageContaining("k must be >= 1, got 0");
        assertThatThrownBy(() -> new VoteOptions(3, -1)).hasMessageContaining("got -1.0");
    }
}
