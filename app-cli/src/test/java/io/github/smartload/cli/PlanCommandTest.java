package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smartload plan} offline: the original's three scenarios replayed from the numbers. */
class PlanCommandTest {

  @TempDir Path home;

  @Test
  void scenarioThreeUnloadsTheResidentModelToMakeRoom() {
    Cli.Result result =
        Cli.at(home)
            .run("plan", "qwen2.5:32b", "--available", "18GB", "--loaded", "qwen3:8b=5.7GB");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            String.join(
                "\n",
                "📊 Memory Check:",
                "   Available: 18.0 GB",
                "   Loaded: 5.7 GB",
                "   New model: qwen2.5:32b (19.0 GB)",
                "⚠️ Not enough RAM! 18.0 GB < 22.8 GB (with 20% reserve)",
                "🔄 Large model: qwen2.5:32b (19.0 GB)",
                "🧹 Would unload: qwen3:8b (5.7 GB)",
                "✅ RAM after unloading: about 23.7 GB available",
                ""));
    assertThat(result.err()).isEmpty();
  }

  @Test
  void globalOptionsWorkBeforeAndAfterTheSubcommand() {
    Cli.Result before = Cli.at(home).run("--json", "plan", "qwen2.5:14b", "--available", "25.5GB");
    Cli.Result after = Cli.at(home).run("plan", "qwen2.5:14b", "--available", "25.5GB", "--json");

    assertThat(before.out()).startsWith("{").contains("\"decision\": \"fits\"");
    assertThat(after.out()).isEqualTo(before.out());
  }
}
