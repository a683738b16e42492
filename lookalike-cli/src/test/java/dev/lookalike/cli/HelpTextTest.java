package dev.lookalike.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders: picocli formats descriptions with {@code String.format}, so a bare '%' breaks them. */
class HelpTextTest {

    @Test
    void everyCommandsHelpFormatsWithoutPicocliWarnings() {
        List<CommandLine> all = new ArrayList<>();
        collect(new CommandLine(new LookalikeCli()), all);
        assertThat(all).hasSizeGreaterThan(10);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (CommandLine command : all) {
                String usage = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
                assertThat(usage).as(command.getCommandName()).contains("Usage:").doesNotContain("%n");
            }
        } finally {
            System.setErr(err);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Could not format");
    }

    private static void collect(CommandLine command, List<CommandLine> out) {
        out.add(command);
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, out));
    }
}
