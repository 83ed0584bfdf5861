package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The top command: help and usage errors. */
class SmartloadMainTest {

  @TempDir Path home;

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    Cli.Result result = Cli.at(home).run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("status", "plan", "load", "unload", "doctor", "sizes", "serve")
        .contains("Exit codes: 0 done, 1 usage or config error, 2 won't fit (--strict),");
  }

  @Test
  void noCommandShowsTheUsageAsAnError() {
    Cli.Result result = Cli.at(home).run();

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("Usage: smartload");
  }

  @Test
  void noCommandWithJsonIsAnErrorObject() {
    Cli.Result result = Cli.at(home).run("--json");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .isEqualTo(
            "{\n  \"error\": \"name a command: status, plan, load, unload, doctor, sizes or"
                + " serve\"\n}\n");
  }

  @Test
  void anUnknownCommandIsOneLineAndAPointerToHelp() {
    Cli.Result result = Cli.at(home).run("lod", "qwen3:8b");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().lines().toList())
        .first()
        .asString()
        .startsWith("smartload: Unmatched arguments from index 0: 'lod', 'qwen3:8b'");
    assertThat(result.err()).contains("Try 'smartload --help'");
  }

  @Test
  void withJsonAFailureIsStillOneJsonObjectOnStdout() {
    FakeAdapters fakes =
        new FakeAdapters("32", "25.5").serving(new StatusCommandTest.Unreachable());

    Cli.Result result = Cli.at(home, fakes).run("load", "qwen2.5:32b", "--json");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out())
        .isEqualTo("{\n  \"error\": \"cannot reach Ollama at http://127.0.0.1:1\"\n}\n");
    assertThat(result.err()).isEqualTo("smartload: cannot reach Ollama at http://127.0.0.1:1\n");
  }

  @Test
  void withJsonAUsageErrorIsStillOneJsonObjectOnStdout() {
    Cli.Result badSize = Cli.at(home).run("plan", "qwen2.5:32b", "--json", "--available", "18XB");
    Cli.Result badCall = Cli.at(home).run("--json", "unload");

    assertThat(badSize.exitCode()).isEqualTo(1);
    assertThat(badSize.out())
        .startsWith("{\n  \"error\": \"Invalid value for option '--available': '18XB'")
        .endsWith("\"\n}\n");
    assertThat(badSize.err()).contains("Try 'smartload plan --help'");
    assertThat(badCall.exitCode()).isEqualTo(1);
    assertThat(badCall.out())
        .isEqualTo(
            "{\n  \"error\": \"name the models to unload, or give --all to unload every loaded"
                + " model\"\n}\n");
  }

  @Test
  void withoutJsonAFailurePrintsNothingOnStdout() {
    FakeAdapters fakes =
        new FakeAdapters("32", "25.5").serving(new StatusCommandTest.Unreachable());

    Cli.Result result = Cli.at(home, fakes).run("load", "qwen2.5:32b");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).isEmpty();
  }

  @Test
  void versionNamesTheBuildItsCommitAndTheJavaRuntime() throws Exception {
    Cli.Result result = Cli.at(home).run("--version");

    assertThat(result.exitCode()).isZero();
    // The build fills in the commit of this checkout (a linked worktree's own HEAD, not the main
    // one's); built outside a checkout, it says so.
    String commit = headCommit().orElse("unknown");
    assertThat(result.out())
        .matches(
            "smartload \\d+\\.\\d+\\.\\d+\\S* \\(commit " + commit + "\\) on Java \\S+ \\(.+\\)\\R")
        .contains("on Java " + System.getProperty("java.runtime.version") + " (");
  }

  /** What git says this checkout's HEAD is, if this is a checkout and git is installed. */
  private static Optional<String> headCommit() throws Exception {
    if (!Files.exists(Path.of("../.git"))) {
      return Optional.empty();
    }
    Process git =
        new ProcessBuilder("git", "-C", "..", "rev-parse", "--short=7", "HEAD")
            .redirectErrorStream(true)
            .start();
    String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return git.waitFor() == 0 ? Optional.of(out) : Optional.empty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "plan", "load", "unload", "doctor", "sizes", "serve"})
  void everySubcommandKnowsTheVersionItsHelpOffers(String command) {
    Cli.Result result = Cli.at(home).run(command, "--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(Cli.at(home).run("--version").out())
        .startsWith("smartload ");
  }

  @Test
  void aCommandsHelpListsItsOwnOptionsFirstAndTheSharedOnesInTheirOwnSection() {
    String help = Cli.at(home).run("serve", "--help").out();

    assertThat(help).startsWith("Usage: smartload serve [OPTIONS]");
    int shared = help.indexOf(HelpLayout.SHARED_HEADING);
    assertThat(shared).isPositive();
    assertThat(help.indexOf("--listen")).isBetween(0, shared);
    assertThat(help.indexOf("--keep-alive")).isBetween(0, shared);
    assertThat(help.indexOf("--host")).isGreaterThan(shared);
    assertThat(help.indexOf("--margin")).isGreaterThan(shared);
    assertThat(help).doesNotContain("--json", "--systemd-root");
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "plan", "load", "unload", "doctor", "sizes", "serve"})
  void everySubcommandHasTheHelpItsErrorsPointTo(String command) {
    Cli.Result result = Cli.at(home).run(command, "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Usage: smartload " + command);
  }
}
