package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeSectionTest {

    @Test
    void replacesOnlyTheMarkedBlock() {
        String readme = "# Telemed\n\nintro\n\n## Benchmark\n\n" + ReadmeSection.BEGIN + "\nold figures\n" + ReadmeSection.END
                + "\n\n## Next\n\nmore\n";

        String updated = ReadmeSection.replace(readme, "new figures\n");

        assertThat(updated).isEqualTo("# Telemed\n\nintro\n\n## Benchmark\n\n" + ReadmeSection.BEGIN + "\nnew figures\n"
                + ReadmeSection.END + "\n\n## Next\n\nmore\n");
    }

    @Test
    void addsASectionAtTheEndWhenThereIsNone() {
        String updated = ReadmeSection.replace("# Telemed\n\nintro\n", "figures\n");

        assertThat(updated).isEqualTo("# Telemed\n\nintro\n\n## Benchmark\n\n" + ReadmeSection.BEGIN + "\nfigures\n"
                + ReadmeSection.END + "\n");
    }

    @Test
    void aSecondUpdateReplacesTheFirst() {
        String once = ReadmeSection.replace("# Telemed\n", "first\n");

        String twice = ReadmeSection.replace(once, "second\n");

        assertThat(twice).contains("second\n").doesNotContain("first").containsOnlyOnce("## Benchmark");
    }
}
