package dk.telemed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
    @Test
    void replacesEveryOccurrence() {
        assertThat(Templates.render("a ${X} b ${Y} ${X}", Map.of("X", "1", "Y", "2")))
                .isEqualTo("a 1 b 2 1");
    }

    @Test
    void valuesAreInsertedLiterally() {
        // Matcher.appendReplacement would read $1 and \ as syntax without quoting.
        assertThat(Templates.render("p=${P}", Map.of("P", "/x/$1\\&y")))
                .isEqualTo("p=/x/$1\\&y");
    }

    @Test
    void placeholderWithoutValueIsAnError() {
        assertThatThrownBy(() -> Templates.render("${PORT} ${DATA_DIR}", Map.of("PORT", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DATA_DIR");
    }

    @Test
    void textThatIsNotAPlaceholderStays() {
        assertThat(Templates.render("%Y-%m-%dT$HOME ${ not} $", Map.of())).isEqualTo("%Y-%m-%dT$HOME ${ not} $");
    }

    @Test
    void refusesPathsTheConfigFormatsCannotCarry() {
        assertThatThrownBy(() -> Templates.configSafe(Path.of("/tmp/with space")))
                .hasMessageContaining("whitespace");
        assertThatThrownBy(() -> Templates.configSafe(Path.of("/tmp/with\"quote")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Templates.configSafe(Path.of("/tmp/it/./Foo-1"))).isEqualTo("/tmp/it/Foo-1");
    }

    @Test
    void theProjectsMosquittoTemplateRendersCompletely() throws Exception {
        Path root = ProjectRoot.findFrom(Path.of(System.getProperty("user.dir")));
        String rendered = Templates.render(Files.readString(root.resolve("config/mosquitto.conf")), Map.of(
                "PORT", "21883", "DATA_DIR", "/w/data", "LOG_FILE", "/w/mosquitto.log", "RUN_AS_USER", "me"));

        assertThat(rendered).doesNotContain("${")
                .containsPattern("(?m)^listener 21883 127\\.0\\.0\\.1$")
                .containsPattern("(?m)^persistence_location /w/data/$")
                .containsPattern("(?m)^log_dest file /w/mosquitto\\.log$")
                .containsPattern("(?m)^max_queued_messages 1000000$")
                .containsPattern("(?m)^max_queued_bytes 0$")
                .containsPattern("(?m)^persistence true$")
                .containsPattern("(?m)^user me$");
    }

    @Test
    void theProjectsInfluxTemplateRendersCompletely() throws Exception {
        Path root = ProjectRoot.findFrom(Path.of(System.getProperty("user.dir")));
        String rendered = Templates.render(Files.readString(root.resolve("config/influxdb.conf")), Map.of(
                "HTTP_PORT", "28086", "RPC_PORT", "28088", "DATA_DIR", "/w/data"));

        assertThat(rendered).doesNotContain("${")
                .containsPattern("(?m)^bind-address = \"127\\.0\\.0\\.1:28088\"$")
                .containsPattern("(?m)^\\s+bind-address = \"127\\.0\\.0\\.1:28086\"$")
                .containsPattern("(?m)^\\s+wal-dir = \"/w/data/wal\"$")
                .containsPattern("(?m)^reporting-disabled = true$");
    }

    @Test
    void theProjectsZooKeeperTemplateRendersAStandaloneNodeAndAnEnsembleMember() throws Exception {
        Path root = ProjectRoot.findFrom(Path.of(System.getProperty("user.dir")));
        String template = Files.readString(root.resolve("config/zookeeper.cfg"));
        String single = Templates.render(template, Map.of("CLIENT_PORT", "22181", "DATA_DIR", "/w/data", "SERVERS", ""));
        String member = Templates.render(template, Map.of("CLIENT_PORT", "22181", "DATA_DIR", "/w/data",
                "SERVERS", "server.1=127.0.0.1:22888:23888\nserver.2=127.0.0.1:22889:23889"));

        assertThat(single).doesNotContain("${").doesNotContainPattern("(?m)^server\\.")
                .containsPattern("(?m)^clientPort=22181$")
                .containsPattern("(?m)^clientPortAddress=127\\.0\\.0\\.1$")
                .containsPattern("(?m)^dataDir=/w/data$")
                .containsPattern("(?m)^admin\\.enableServer=false$")
                .containsPattern("(?m)^4lw\\.commands\\.whitelist=.*srvr");
        assertThat(member).containsPattern("(?m)^server\\.1=127\\.0\\.0\\.1:22888:23888$")
                .containsPattern("(?m)^server\\.2=127\\.0\\.0\\.1:22889:23889$");
    }
}
