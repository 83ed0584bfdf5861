package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config file, the environment and flags, and their precedence, seen through the commands. */
class ConfigTest {

  @TempDir Path home;

  private Path config(String json) throws IOException {
    Path file = home.resolve(".config/smartload/config.json");
    Files.createDirectories(file.getParent());
    return Files.writeString(file, json);
  }

  @Test
  void sizesShowsTheDefaultTableWithItsOrigin() {
    Cli.Result result = Cli.at(home).run("sizes");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .startsWith(
            "MODEL             SIZE     FROM",
            "mixtral:8x7b      26.0 GB  default",
            "qwen2.5:32b       19.0 GB  default",
            "command-r:latest  18.0 GB  default")
        .contains(
            "Large from 5.0 GB, margin x1.2, size source table+runtime: models not listed are"
                + " sized by Ollama");
  }

  @Test
  void theDefaultFileAddsSizesAndSetsThePolicy() throws IOException {
    Path file =
        config(
            "{\"sizes\": {\"phi4:14b\": \"9.1GB\", \"qwen3:8b\": \"5.5GB\"},"
                + " \"margin\": 1.3, \"threshold\": \"4GB\", \"sizeSource\": \"table\"}");

    Cli.Result result = Cli.at(home).run("sizes", "--json");

    assertThat(result.out())
        .contains(
            "\"model\": \"phi4:14b\",\n      \"sizeBytes\": 9100000000,\n      \"origin\": \""
                + file
                + "\"")
        .contains("\"model\": \"qwen3:8b\",\n      \"sizeBytes\": 5500000000")
        .contains("\"thresholdBytes\": 4000000000")
        .contains("\"margin\": 1.3")
        .contains("\"sizeSource\": \"table\"");
  }

  @Test
  void aFileWithAHundredThousandSizesIsReadWhole() throws IOException {
    // Built entry by entry with a copy each, 10k entries took 14 s and 100k never finished.
    StringBuilder json = new StringBuilder("{\"sizes\": {\"qwen3:8b\": \"5.5GB\"");
    for (int i = 0; i < 100_000; i++) {
      json.append(", \"m").append(i).append(":1b\": \"").append(i + 1).append("MB\"");
    }
    Path file = config(json.append("}}").toString());

    Cli.Result result = Cli.at(home).run("sizes");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .map(line -> line.replaceAll(" +", " "))
        .filteredOn(line -> line.endsWith(" " + file))
        .hasSize(100_001)
        .startsWith("qwen3:8b 5.5 GB " + file)
        .contains("m0:1b 0.0 GB " + file, "m99999:1b 100.0 GB " + file);
  }

  @Test
  void aFlagBeatsTheEnvironmentWhichBeatsTheFile() throws IOException {
    config("{\"margin\": 1.3}");

    Cli.Result fromFile = Cli.at(home).run("sizes", "--json");
    Cli.Result fromEnv = Cli.at(home).env("SMARTLOAD_MARGIN", "1.4").run("sizes", "--json");
    Cli.Result fromFlag =
        Cli.at(home).env("SMARTLOAD_MARGIN", "1.4").run("sizes", "--json", "--margin", "25%");

    assertThat(fromFile.out()).contains("\"margin\": 1.3");
    assertThat(fromEnv.out()).contains("\"margin\": 1.4");
    assertThat(fromFlag.out()).contains("\"margin\": 1.25");
  }

  @Test
  void theHostComesFromTheFlagThenOllamaHostThenTheFile() throws IOException {
    config("{\"host\": \"file-box:11434\"}");
    FakeAdapters fakes = new FakeAdapters("32", "25.5");

    Cli.at(home, fakes).unset("OLLAMA_HOST").run("status");
    Cli.at(home, fakes).env("OLLAMA_HOST", "env-box").run("status");
    Cli.at(home, fakes).env("OLLAMA_HOST", "env-box").run("status", "--host", "flag-box");

    assertThat(fakes.hosts).containsExactly("file-box:11434", "env-box", "flag-box");
  }

  @Test
  void theKeepAliveComesFromTheFlagThenTheEnvironmentThenTheFile() throws IOException {
    config("{\"keepAlive\": \"30m\"}");

    assertThat(loadCall(null)).isEqualTo("load qwen3:1.7b 30m");
    assertThat(loadCall("1h")).isEqualTo("load qwen3:1.7b 1h");
    assertThat(loadCall("1h", "--keep-alive", "2h")).isEqualTo("load qwen3:1.7b 2h");
  }

  /** The call {@code load qwen3:1.7b} makes on a fresh machine, with SMARTLOAD_KEEP_ALIVE set. */
  private String loadCall(String keepAliveVariable, String... flags) {
    FakeAdapters fakes = new FakeAdapters("32", "25.5");
    fakes.runtime.install("qwen3:1.7b", "1.4");
    Cli cli = Cli.at(home, fakes).unset("SMARTLOAD_KEEP_ALIVE");
    if (keepAliveVariable != null) {
      cli.env("SMARTLOAD_KEEP_ALIVE", keepAliveVariable);
    }
    List<String> args = new ArrayList<>(List.of("load", "qwen3:1.7b"));
    args.addAll(List.of(flags));
    assertThat(cli.run(args.toArray(String[]::new)).exitCode()).isZero();
    return fakes.runtime.calls().stream().filter(c -> c.startsWith("load ")).findFirst().orElse("");
  }

  @Test
  void theMarginFromTheFileIsUsedInTheDecision() throws IOException {
    config("{\"margin\": \"50%\"}");

    Cli.Result result = Cli.at(home).run("plan", "qwen2.5:14b", "--available", "12GB");

    assertThat(result.out()).contains("Not enough RAM! 12.0 GB < 13.5 GB (with 50% reserve)");
  }

  @Test
  void malformedJsonNamesTheFile() throws IOException {
    Path file = config("{\"margin\": 1.3,");

    Cli.Result result = Cli.at(home).run("sizes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("smartload: config file " + file + " is not valid JSON: ");
    assertThat(result.err().lines()).hasSize(1);
  }

  @Test
  void malformedJsonIsDescribedForTheOperatorNotForAProgrammer() throws IOException {
    Path file = config("{\"margin\": 1.3} and more");

    Cli.Result result = Cli.at(home).run("sizes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "smartload: config file "
                + file
                + " is not valid JSON: malformed JSON at path $;"
                + " fix the file\n");
  }

  @Test
  void aBadEntryNamesTheFileTheKeyAndWhatIsWrong() throws IOException {
    Path file = config("{\"sizes\": {\"qwen3:8b\": \"5.2 gigs\"}}");

    Cli.Result result = Cli.at(home).run("sizes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "smartload: config file "
                + file
                + ", key 'sizes.qwen3:8b': '5.2 gigs' has an unknown unit 'gigs': use B, KB, MB,"
                + " GB, TB, KiB, MiB, GiB or TiB\n");
  }

  @Test
  void aNumberWhereASizeBelongsIsRejected() throws IOException {
    Path file = config("{\"sizes\": {\"qwen3:8b\": 5.2}}");

    Cli.Result result = Cli.at(home).run("sizes");

    assertThat(result.err())
        .isEqualTo(
            "smartload: config file "
                + file
                + ", key 'sizes.qwen3:8b': must be a size with a unit, like \"19GB\", not the"
                + " number 5.2\n");
  }

  @Test
  void anUnknownKeyIsNamed() throws IOException {
    Path file = config("{\"treshold\": \"5GB\"}");

    Cli.Result result = Cli.at(home).run("sizes");

    assertThat(result.err())
        .isEqualTo(
            "smartload: config file "
                + file
                + ": unknown key 'treshold'; known keys are bodyBudget, busyTimeout,"
                + " clientIdleTimeout, estimate, evict, failOpen, fitContext, gpu, gpuMargin,"
                + " host, keepAlive, margin, minContext, nvidiaSmi, ollamaOrigins, ollamaServer,"
                + " pin, placement, sizeSource, sizes, threshold, upstreamTimeout\n");
  }

  @Test
  void aMalformedHostInTheFileNamesTheFileAndTheKey() throws IOException {
    Path file = config("{\"host\": \"ftp://box\"}");

    Cli.Result result = Cli.at(home).unset("OLLAMA_HOST").run("sizes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "smartload: config file "
                + file
                + ", key 'host': OLLAMA_HOST 'ftp://box' is malformed: the scheme must be http or"
                + " https");
  }

  @Test
  void aMalformedHostFlagNamesTheFlag() {
    Cli.Result result =
        Cli.at(home).env("OLLAMA_HOST", "127.0.0.1:11434").run("status", "--host", "ftp://box");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("smartload: Invalid value for option '--host': OLLAMA_HOST 'ftp://box' is");
  }

  @Test
  void aZeroKeepAliveInTheFileOrTheEnvironmentIsNamed() throws IOException {
    Path file = config("{\"keepAlive\": \"0\"}");

    Cli.Result fromFile = Cli.at(home).run("sizes");
    Cli.Result fromEnv =
        Cli.at(home.resolve("no-config")).env("SMARTLOAD_KEEP_ALIVE", "0m").run("sizes");

    assertThat(fromFile.exitCode()).isEqualTo(1);
    assertThat(fromFile.err())
        .isEqualTo(
            "smartload: config file "
                + file
                + ", key 'keepAlive': a keep-alive of 0 unloads the model as soon as it has"
                + " loaded: give one like 15m, or -1m for forever\n");
    assertThat(fromEnv.exitCode()).isEqualTo(1);
    assertThat(fromEnv.err())
        .startsWith("smartload: environment variable SMARTLOAD_KEEP_ALIVE: a keep-alive of 0m");
  }

  @Test
  void aMissingFileNamedWithConfigIsAnError() {
    Cli.Result result = Cli.at(home).run("sizes", "--config", home.resolve("nope.json").toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "smartload: config file "
                + home.resolve("nope.json")
                + " does not exist: create it or drop --config\n");
  }

  @Test
  void aBadEnvironmentVariableIsNamed() {
    Cli.Result result = Cli.at(home).env("SMARTLOAD_EVICT", "random").run("sizes");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "smartload: environment variable SMARTLOAD_EVICT: 'random' is not an eviction: use all"
                + " or expiring\n");
  }

  @Test
  void aMarginOutOfRangeIsAUsageError() {
    Cli.Result result = Cli.at(home).run("sizes", "--margin", "0.5");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "smartload: Invalid value for option '--margin': margin 0.5 is out of range: use a"
                + " factor from 1.0 to 10\n");
  }

  @Test
  void aMarginOutOfRangeInTheFileNamesTheFile() throws IOException {
    Path file = config("{\"margin\": 12}");

    Cli.Result result = Cli.at(home).run("sizes");

    assertThat(result.err())
        .isEqualTo(
            "smartload: config file "
                + file
                + ", key 'margin': margin 12.0 is out of range: use a factor from 1.0 to 10\n");
  }

  @Test
  void pinnedModelsAndEvictionComeFromTheFile() throws IOException {
    config("{\"pin\": [\"qwen3:8b\"], \"evict\": \"lru\"}");

    Cli.Result result =
        Cli.at(home)
            .run(
                "plan",
                "qwen2.5:32b",
                "--available",
                "18GB",
                "--loaded",
                "qwen3:8b=5.7GB",
                "--json");

    assertThat(result.out()).contains("\"decision\": \"wont-fit\"");
  }

  @Test
  void lcAllBeatsLangAndLangFlagBeatsBoth() {
    Cli cli = Cli.at(home).env("LANG", "en_US.UTF-8").env("LC_ALL", "de_DE.UTF-8");

    Cli.Result german = cli.run("plan", "qwen2.5:14b", "--available", "25.5GB");
    Cli.Result english = cli.run("plan", "qwen2.5:14b", "--available", "25.5GB", "--lang", "en");

    assertThat(german.out()).contains("Genug RAM!");
    assertThat(english.out()).contains("Enough RAM!");
  }

  @Test
  void aTerminalWithoutUtf8GetsPlainSymbols() {
    Cli.Result result =
        Cli.at(home).env("LANG", "C").run("plan", "qwen2.5:14b", "--available", "25.5GB");

    assertThat(result.out()).startsWith("* Memory Check:").contains("[ok] Enough RAM!");
  }
}
