package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TakeoverTest {
    private static final long KILL = 1_000_000_000L;

    private static long at(long millisAfterKill) {
        return KILL + millisAfterKill * 1_000_000L;
    }

    private static Takeover.Poll standby(long sentMs) {
        return new Takeover.Poll(at(sentMs), at(sentMs + 2), false, Double.NaN);
    }

    @Test
    void theFirstPollSeeingAStoredReadingEndsTheTakeoverBracketedByThePollBefore() {
        List<Takeover.Poll> polls = List.of(standby(0), standby(50), standby(4_000),
                new Takeover.Poll(at(4_100), at(4_110), true, 0),
                new Takeover.Poll(at(4_160), at(4_170), true, 0),
                new Takeover.Poll(at(4_220), at(4_235), true, 37),
                new Takeover.Poll(at(4_290), at(4_300), true, 90));

        Takeover t = Takeover.of(KILL, 0, polls).orElseThrow();

        assertThat(t.activeMs()).isEqualTo(4_110);
        assertThat(t.firstStoredMs()).isEqualTo(4_235);
        assertThat(t.uncertaintyMs()).isEqualTo(4_235 - 4_160);
        // 2, 2, 2, 10, 10, 15 ms: the polls after the one that saw it do not count.
        assertThat(t.pollMs()).isEqualTo(6);
        assertThat(t.longestPollMs()).isEqualTo(15);
    }

    @Test
    void aReadingSeenByTheFirstPollIsBracketedByTheKill() {
        Takeover t = Takeover.of(KILL, 0, List.of(new Takeover.Poll(at(10), at(30), true, 5))).orElseThrow();

        assertThat(t.firstStoredMs()).isEqualTo(30);
        assertThat(t.uncertaintyMs()).isEqualTo(30);
        assertThat(t.pollMs()).isEqualTo(20);
    }

    @Test
    void aCountNoHigherThanBeforeTheKillIsNoReadingOfTheSuccessor() {
        List<Takeover.Poll> polls = List.of(new Takeover.Poll(at(0), at(5), true, 120),
                new Takeover.Poll(at(50), at(55), true, 120));

        assertThat(Takeover.of(KILL, 120, polls)).isEmpty();
        assertThat(Takeover.of(KILL, 119, polls).orElseThrow().firstStoredMs()).isEqualTo(5);
    }

    @Test
    void aStandbyThatNeverStoredGivesNoTakeover() {
        assertThat(Takeover.of(KILL, 0, List.of(standby(0), standby(50)))).isEmpty();
        assertThat(Takeover.of(KILL, 0, List.of())).isEmpty();
    }

    @Test
    void aPollSentBeforeTheKillIsRefused() {
        assertThatThrownBy(() -> Takeover.of(KILL, 0, List.of(new Takeover.Poll(KILL - 1, KILL + 5, true, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before the kill");
    }
}
