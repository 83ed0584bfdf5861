package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smartload plan} by footprint, offline, with an {@code /api/show} answer as the facts. */
class FootprintPlanTest {

  /** llama3.1:8b's shape (memory-model.md) as Ollama's short /api/show answer carries it. */
  private static final Path FACTS = Path.of("src/test/resources/show/llama3.1-8b.json");

  @TempDir Path home;

  private Cli.Result plan(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "plan";
    all[1] = "llama3.1:8b";
    all[2] = "--facts=" + FACTS.toAbsolutePath();
    System.arraycopy(args, 0, all, 3, args.length);
    return Cli.at(home).run(all);
  }

  @Test
  void theLogShowsTheFootprintsPartsAtTheContextAsked() {
    Cli.Result result = plan("--available", "12GB", "--context", "32768");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 12.0 GB",
            "   Loaded: 0.0 GB",
            "   New model: llama3.1:8b (5.0 GB weights + 4.3 GB KV at 32768 tokens + 0.3 GB"
                + " buffers)",
            "✅ Enough RAM! 12.0 GB > 9.6 GB (footprint at 32768 tokens)",
            "   No unloading needed - the model fits!");
  }

  @Test
  void theJsonHoldsTheFootprintAndTheContextWithItsSource() {
    Cli.Result result = plan("--available", "12GB", "--context", "32768", "--json");

    assertThat(result.out())
        .contains("\"estimate\": \"footprint\"")
        .contains("\"weightsBytes\": 5000000000")
        // 32 layers x 8 KV heads x (128 + 128) x 2 bytes x 32768 tokens
        .contains("\"kvCacheBytes\": 4294967296")
        .contains("\"numCtx\": 32768")
        .contains("\"parallel\": 1")
        .contains("\"kvCacheType\": \"f16\"")
        .contains("\"flashAttention\": \"auto\"")
        .contains("\"source\": \"request\"");
  }

  @Test
  void aLongContextTheMarginLetsIntoSwapUnloadsByFootprint() {
    Cli.Result byFootprint =
        plan("--available", "8GB", "--loaded", "qwen3:8b=5.7GB", "--context", "32768");
    Cli.Result byMargin =
        plan(
            "--available",
            "8GB",
            "--loaded",
            "qwen3:8b=5.7GB",
            "--context",
            "32768",
            "--estimate",
            "margin");

    assertThat(byMargin.lines()).contains("✅ Enough RAM! 8.0 GB > 6.0 GB (with 20% reserve)");
    assertThat(byFootprint.lines())
        .contains(
            "⚠️ Not enough RAM! 8.0 GB < 9.6 GB (footprint at 32768 tokens)",
            "🧹 Would unload: qwen3:8b (5.7 GB)");
  }

  @Test
  void theServersContextLengthFromTheConfigFileDecidesTheContext() throws IOException {
    Path config = home.resolve("config.json");
    Files.writeString(config, "{\"ollamaServer\": {\"OLLAMA_CONTEXT_LENGTH\": 8192}}");

    Cli.Result result = plan("--available", "12GB", "--json", "--config", config.toString());

    assertThat(result.out())
        .contains("\"numCtx\": 8192")
        .contains("\"source\": \"server-setting\"");
  }

  @Test
  void theServersSettingsComeFromTheEnvironmentToo() {
    Cli.Result result =
        Cli.at(home)
            .env("OLLAMA_NUM_PARALLEL", "2")
            .env("OLLAMA_KV_CACHE_TYPE", "q8_0")
            .run(
                "plan",
                "llama3.1:8b",
                "--facts=" + FACTS.toAbsolutePath(),
                "--available",
                "12GB",
                "--json");

    assertThat(result.out()).contains("\"parallel\": 2").contains("\"kvCacheType\": \"q8_0\"");
  }

  @Test
  void maxContextFitsAtItsAnswerAndNotOneCellAbove() {
    Cli.Result result =
        plan("--available", "12GB", "--loaded", "other:7b=6GB", "--max-context", "--json");

    int now = number(result.out(), "maxContext");
    int after = number(result.out(), "maxContextAfterUnload");
    assertThat(now % 256).isZero();
    assertThat(after).isGreaterThan(now);
    assertThat(plan("--available", "12GB", "--context", "" + now, "--json").out())
        .contains("\"decision\": \"fits\"");
    assertThat(plan("--available", "12GB", "--context", "" + (now + 256), "--json").out())
        .contains("\"decision\": \"wont-fit\"");
    assertThat(plan("--available", "18GB", "--context", "" + after, "--json").out())
        .contains("\"decision\": \"fits\"");
    assertThat(plan("--available", "18GB", "--context", "" + (after + 256), "--json").out())
        .contains("\"decision\": \"wont-fit\"");
  }

  @Test
  void maxContextIsShownInTheLog() {
    Cli.Result result = plan("--available", "12GB", "--max-context");

    assertThat(result.lines())
        .anyMatch(line -> line.matches("✅ Largest context that fits now: \\d+ tokens \\(.*\\)"));
  }

  @Test
  void theEstimateComesFromTheConfigFileOrTheEnvironmentToo() throws IOException {
    Path config = Files.writeString(home.resolve("margin.json"), "{\"estimate\": \"margin\"}");
    String byMargin = "✅ Enough RAM! 12.0 GB > 6.0 GB (with 20% reserve)";

    assertThat(plan("--available", "12GB", "--config", config.toString()).lines())
        .contains(byMargin);
    assertThat(
            Cli.at(home)
                .env("SMARTLOAD_ESTIMATE", "margin")
                .run(
                    "plan",
                    "llama3.1:8b",
                    "--facts=" + FACTS.toAbsolutePath(),
                    "--available",
                    "12GB")
                .lines())
        .contains(byMargin);
    assertThat(
            Cli.at(home)
                .env("SMARTLOAD_ESTIMATE", "guess")
                .run("plan", "llama3.1:8b", "--available", "12GB")
                .err())
        .isEqualTo(
            "smartload: environment variable SMARTLOAD_ESTIMATE: 'guess' is not an estimate: use"
                + " auto, architecture or margin\n");
  }

  @Test
  void architectureRefusesToGuessWithoutFacts() {
    Cli.Result result =
        Cli.at(home)
            .run("plan", "qwen2.5:32b", "--available", "18GB", "--estimate", "architecture");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "smartload: the footprint of qwen2.5:32b cannot be computed (missing facts: model"
                + " facts); use --estimate auto or margin to decide by size x margin\n");
  }

  @Test
  void aFactsFileThatIsNoShowAnswerIsAOneLineError() throws IOException {
    Path bad = Files.writeString(home.resolve("bad.json"), "[1, 2]");

    Cli.Result result =
        Cli.at(home).run("plan", "llama3.1:8b", "--facts", bad.toString(), "--available", "9GB");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).startsWith("smartload: facts file").doesNotContain("Exception");
  }

  private static int number(String json, String key) {
    java.util.regex.Matcher found =
        java.util.regex.Pattern.compile("\"" + key + "\": (\\d+)").matcher(json);
    assertThat(found.find()).as(key + " in " + json).isTrue();
    return Integer.parseInt(found.group(1));
  }
}
