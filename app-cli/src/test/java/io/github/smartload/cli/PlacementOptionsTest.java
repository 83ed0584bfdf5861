package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --placement} and {@code --gpu-margin} reach the decision of {@code plan} and {@code load},
 * from the flag, the environment or the config file; the log and the JSON name each pool.
 */
class PlacementOptionsTest {

  @TempDir Path home;

  /**
   * 32 GB RAM with 20 GB available, a 32 GB GPU with 17.6 GB free, of which a 12 GB resident model
   * holds 12 GB. Ollama would not unload it itself for next:14b: 14 GB <= 80% of 17.6 GB (14.08
   * GB); but 14 x 1.2 = 16.8 GB is not wholly within 17.6 GB - 1 GiB (16.5 GB).
   */
  private final FakeAdapters fakes = new FakeAdapters("32", "20");

  private void gpuWithResident() {
    fakes.gpus.add(gpu(ByteSize.ofGigabytes("32"), "RTX 5090", "17.6"));
    fakes
        .runtime
        .install("next:14b", "14")
        .residentOnGpu("old:12b", "12.5", "12", Duration.ofMinutes(5));
  }

  @Test
  void anyPlacementSpillsToRamAndNamesEachPool() {
    gpuWithResident();

    Cli.Result result = Cli.at(home, fakes).run("plan", "next:14b", "--estimate", "margin");

    // 14 GB x 1.2 = 16.8 GB is not within 17.6 GB - 1 GiB free: by its size alone it goes to RAM.
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.lines())
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 19.5 GB",
            "   Loaded: 0.5 GB",
            "   New model: next:14b (14.0 GB)",
            "   RAM: 19.5 GB available, needs 16.8 GB (whole model)",
            "   GPU 0 (RTX 5090): 17.6 GB free, needs 0.0 GB",
            "✅ Fits: RAM 19.5 GB > 16.8 GB (with 20% reserve)",
            "   No unloading needed - the model fits!");
  }

  @Test
  void gpuPlacementFromTheFlagUnloadsTheModelHoldingVram() {
    gpuWithResident();

    Cli.Result result = Cli.at(home, fakes).run("plan", "next:14b", "--placement", "gpu");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.lines())
        .contains(
            // after unloading old:12b the GPU has 29.6 GB free: all 16.8 GB on it; each pool the
            // unload frees says both figures, lest "17.6 GB free, needs 16.8 GB" read as fitting
            "   RAM: 19.5 GB available, 20.0 GB after unloading, needs 0.0 GB",
            "   GPU 0 (RTX 5090): 17.6 GB free, 29.6 GB after unloading, needs 16.8 GB (whole"
                + " model)",
            // 16.8 GB whole needs 16.8 GB + 1 GiB margin, 0.3 GB more than the 17.6 GB free
            "⚠️ Not enough memory: GPU 0 (RTX 5090) short by 0.3 GB (--placement gpu), RAM 19.5 GB"
                + " > 0.0 GB (with 20% reserve)",
            "🧹 Would unload: old:12b (0.5 GB RAM, 12.0 GB VRAM)");
  }

  @Test
  void placementComesFromTheFlagThenTheEnvironmentThenTheConfigFile() throws IOException {
    gpuWithResident();
    Path file = home.resolve(".config/smartload/config.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"placement\": \"gpu\"}");

    String fromFile = Cli.at(home, fakes).run("plan", "next:14b", "--json").out();
    String fromEnv =
        Cli.at(home, fakes)
            .env("SMARTLOAD_PLACEMENT", "any")
            .run("plan", "next:14b", "--json")
            .out();
    String fromFlag =
        Cli.at(home, fakes)
            .env("SMARTLOAD_PLACEMENT", "any")
            .run("plan", "next:14b", "--json", "--placement", "gpu")
            .out();

    assertThat(fromFile).contains("\"decision\": \"unload\"");
    assertThat(fromEnv).contains("\"decision\": \"fits\"");
    assertThat(fromFlag).contains("\"decision\": \"unload\"");
  }

  @Test
  void theGpuMarginDecidesWhatFitsOnTheGpu() throws IOException {
    // 15 GB x 1.2 = 18 GB: within 23 GB - 1 GiB (21.9 GB), not within 23 GB - 6 GiB (16.6 GB).
    fakes.gpus.add(gpu("23"));
    fakes.runtime.install("big:15b", "15");
    Path file = home.resolve(".config/smartload/config.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"gpuMargin\": \"6GiB\"}");

    Cli.Result byDefault = Cli.at(home, fakes).run("plan", "big:15b", "--gpu-margin", "1GiB");
    Cli.Result wide = Cli.at(home, fakes).run("plan", "big:15b");

    assertThat(byDefault.lines())
        .contains(
            "   RAM: 20.0 GB available, needs 0.0 GB",
            "   GPU 0 (RTX 4090): 23.0 GB free, needs 18.0 GB (whole model)",
            "✅ Fits: GPU 0 (RTX 4090) 23.0 GB free > 18.0 GB, RAM 20.0 GB > 0.0 GB (with 20%"
                + " reserve)");
    assertThat(wide.lines())
        .contains(
            "   RAM: 20.0 GB available, needs 18.0 GB (whole model)",
            "   GPU 0 (RTX 4090): 23.0 GB free, needs 0.0 GB");
  }

  @Test
  void planJsonHoldsThePools() {
    gpuWithResident();

    Cli.Result result = Cli.at(home, fakes).run("plan", "next:14b", "--json");

    assertThat(result.out())
        .contains(
            "\"pools\": [\n"
                + "    {\n"
                + "      \"name\": \"RAM\",\n"
                + "      \"kind\": \"ram\",\n"
                + "      \"freeBytes\": 19500000000,\n"
                + "      \"neededBytes\": 16800000000,\n"
                + "      \"layers\": 1,\n"
                + "      \"totalLayers\": 1,\n"
                + "      \"shortByBytes\": 0,\n"
                + "      \"split\": \"whole\"\n"
                + "    },\n"
                + "    {\n"
                + "      \"name\": \"GPU 0 (RTX 5090)\",\n"
                + "      \"kind\": \"gpu\",\n"
                + "      \"index\": 0,\n"
                + "      \"freeBytes\": 17600000000,\n"
                + "      \"neededBytes\": 0,");
  }

  @Test
  void planJsonSaysWhatEachPoolHasFreeAfterTheUnloads() {
    gpuWithResident();

    Cli.Result unloads =
        Cli.at(home, fakes).run("plan", "next:14b", "--json", "--placement", "gpu");
    Cli.Result fits = Cli.at(home, fakes).run("plan", "next:14b", "--json");

    assertThat(unloads.out())
        .contains(
            "      \"freeBytes\": 19500000000,\n"
                + "      \"freeAfterUnloadBytes\": 20000000000,\n",
            "      \"freeBytes\": 17600000000,\n"
                + "      \"freeAfterUnloadBytes\": 29600000000,\n");
    // Nothing is unloaded: no pool gains a figure.
    assertThat(fits.out()).doesNotContain("freeAfterUnloadBytes");
  }

  @Test
  void germanPoolLinesAfterUnloading() {
    gpuWithResident();

    Cli.Result result =
        Cli.at(home, fakes).run("plan", "next:14b", "--placement", "gpu", "--lang", "de");

    assertThat(result.lines())
        .contains(
            "   RAM: 19.5 GB verfügbar, 20.0 GB nach Entladen, braucht 0.0 GB",
            "   GPU 0 (RTX 5090): 17.6 GB frei, 29.6 GB nach Entladen, braucht 16.8 GB (ganzes"
                + " Modell)");
  }

  @Test
  void withoutAGpuThereAreNoPoolLinesAndNoPoolsInTheJson() {
    fakes.runtime.install("next:14b", "14");

    Cli.Result log =
        Cli.at(home, fakes).run("plan", "next:14b", "--placement", "gpu", "--estimate", "margin");
    Cli.Result json = Cli.at(home, fakes).run("plan", "next:14b", "--json");

    assertThat(log.lines())
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 20.0 GB",
            "   Loaded: 0.0 GB",
            "   New model: next:14b (14.0 GB)",
            "✅ Enough RAM! 20.0 GB > 16.8 GB (with 20% reserve)",
            "   No unloading needed - the model fits!");
    assertThat(json.out()).doesNotContain("pools");
  }

  @Test
  void aFailingGpuToolWarnsAndDecidesByRam() {
    fakes.gpusFailing("nvidia-smi cannot talk to the NVIDIA driver (exit 9)");
    fakes.runtime.install("next:14b", "14");

    Cli.Result result = Cli.at(home, fakes).run("plan", "next:14b", "--lang", "de");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .contains(
            "⚠️ GPUs nicht gelesen (nvidia-smi cannot talk to the NVIDIA driver (exit 9)):"
                + " Entscheidung nur nach RAM",
            "✅ Genug RAM! 20.0 GB > 16.8 GB (mit 20% Reserve)");
  }

  @Test
  void germanPoolLines() {
    gpuWithResident();

    Cli.Result result = Cli.at(home, fakes).run("plan", "next:14b", "--lang", "de");

    assertThat(result.lines())
        .contains(
            "   RAM: 19.5 GB verfügbar, braucht 16.8 GB (ganzes Modell)",
            "   GPU 0 (RTX 5090): 17.6 GB frei, braucht 0.0 GB",
            "✅ Passt: RAM 19.5 GB > 16.8 GB (mit 20% Reserve)");
  }

  @Test
  void germanVerdictNamesTheGpuThatHoldsTheModel() {
    // 15 GB x 1.2 = 18 GB: within 23 GB - 1 GiB, wholly on the GPU.
    fakes.gpus.add(gpu("23"));
    fakes.runtime.install("big:15b", "15");

    Cli.Result result = Cli.at(home, fakes).run("plan", "big:15b", "--lang", "de");

    assertThat(result.lines())
        .contains(
            "   GPU 0 (RTX 4090): 23.0 GB frei, braucht 18.0 GB (ganzes Modell)",
            "✅ Passt: GPU 0 (RTX 4090) 23.0 GB frei > 18.0 GB, RAM 20.0 GB > 0.0 GB (mit 20%"
                + " Reserve)")
        .noneMatch(line -> line.contains("Genug RAM"));
  }

  @Test
  void aWontFitNamesTheShortPool() {
    // 30 GB x 1.2 = 36 GB: not within the 32 GB GPU even with old:12b gone.
    gpuWithResident();
    fakes.runtime.install("huge:30b", "30");

    Cli.Result result =
        Cli.at(home, fakes).run("plan", "huge:30b", "--placement", "gpu", "--estimate", "margin");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.lines())
        .contains(
            "   RAM: 19.5 GB available, 20.0 GB after unloading, needs 36.0 GB (whole model)",
            // now: 36.0 GB less the 16.5 GB the GPU holds within its 1 GiB margin
            "⚠️ Not enough memory: GPU 0 (RTX 5090) short by 19.5 GB (--placement gpu), RAM 19.5 GB"
                + " < 36.0 GB (with 20% reserve)",
            // after unloading old:12b: 36.0 GB less 29.6 GB - 1 GiB
            "❌ Even unloading every unpinned model leaves it short: GPU 0 (RTX 5090) short by 7.5 GB"
                + " (--placement gpu), RAM 20.0 GB < 36.0 GB")
        .noneMatch(line -> line.contains("Not enough RAM") || line.contains("is short by"));
  }

  @Test
  void aWontFitOnTheGpuAloneSaysSo() {
    // 21 GB x 1.2 = 25.2 GB: more than 12.0 GB free - 1 GiB (short by 14.3 GB), and more than the
    // 24.0 GB free with old:12b gone less 1 GiB (short by 2.3 GB); RAM (50 GB available) would
    // hold it, but --placement gpu wants it wholly in VRAM.
    FakeAdapters roomy = new FakeAdapters("64", "50");
    roomy.gpus.add(gpu("12"));
    roomy
        .runtime
        .install("big:21b", "21")
        .residentOnGpu("old:12b", "12.5", "12", Duration.ofMinutes(5));

    Cli.Result result =
        Cli.at(home, roomy).run("plan", "big:21b", "--placement", "gpu", "--estimate", "margin");

    assertThat(result.lines())
        .contains(
            "⚠️ Not enough memory: GPU 0 (RTX 4090) short by 14.3 GB (--placement gpu), RAM 49.5 GB"
                + " > 25.2 GB (with 20% reserve)",
            "❌ Even unloading every unpinned model leaves it short: GPU 0 (RTX 4090) short by 2.3 GB"
                + " (--placement gpu), RAM 50.0 GB > 25.2 GB")
        .noneMatch(line -> line.contains("0.0 GB short"));
  }

  @Test
  void aWontFitOnTheGpuAloneMarksTheRamAfterUnloadingAsEnough() {
    // As above: only the GPU is short; RAM (50 GB after unloading) holds the 25.2 GB RAM part,
    // so the RAM line must not warn as if RAM were the short pool.
    FakeAdapters roomy = new FakeAdapters("64", "50");
    roomy.gpus.add(gpu("12"));
    roomy
        .runtime
        .install("big:21b", "21")
        .residentOnGpu("old:12b", "12.5", "12", Duration.ofMinutes(5));

    Cli.Result english =
        Cli.at(home, roomy).run("plan", "big:21b", "--placement", "gpu", "--estimate", "margin");
    Cli.Result german =
        Cli.at(home, roomy)
            .run("plan", "big:21b", "--placement", "gpu", "--estimate", "margin", "--lang", "de");

    assertThat(english.lines())
        .contains("✅ RAM after unloading: about 50.0 GB available")
        .noneMatch(line -> line.startsWith("⚠️ RAM after unloading"));
    assertThat(german.lines())
        .contains("✅ RAM nach Entladen: etwa 50.0 GB verfügbar")
        .noneMatch(line -> line.startsWith("⚠️ RAM nach Entladen"));
  }

  @Test
  void aWontFitShortOfRamBesideAGpuStillWarnsAboutRam() {
    // RAM 20.0 GB after unloading < 36.0 GB: RAM is a short pool, the warning is the truth.
    gpuWithResident();
    fakes.runtime.install("huge:30b", "30");

    Cli.Result result =
        Cli.at(home, fakes).run("plan", "huge:30b", "--placement", "gpu", "--estimate", "margin");

    assertThat(result.lines())
        .anyMatch(line -> line.startsWith("⚠️ RAM after unloading: about"))
        .noneMatch(line -> line.startsWith("✅ RAM after unloading"));
  }

  @Test
  void aRamShortageBesideAGpuNamesRam() {
    // 14 GB x 1.2 = 16.8 GB: not within 8 GB free less 1 GiB, so all in RAM, where a 7 GB resident
    // leaves 13.0 GB: placed anywhere, RAM is the pool that is short.
    fakes.gpus.add(gpu("8"));
    fakes.runtime.install("next:14b", "14").resident("ram:7b", "7", Duration.ofMinutes(5));

    Cli.Result result = Cli.at(home, fakes).run("plan", "next:14b", "--estimate", "margin");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.lines())
        .contains(
            "⚠️ Not enough memory: RAM 13.0 GB < 16.8 GB (with 20% reserve)",
            "🧹 Would unload: ram:7b (7.0 GB)")
        .noneMatch(line -> line.contains("Not enough RAM"));
  }

  @Test
  void germanShortVerdicts() {
    gpuWithResident();
    fakes.runtime.install("huge:30b", "30");

    Cli.Result unload =
        Cli.at(home, fakes).run("plan", "next:14b", "--placement", "gpu", "--lang", "de");
    Cli.Result wontFit =
        Cli.at(home, fakes)
            .run("plan", "huge:30b", "--placement", "gpu", "--estimate", "margin", "--lang", "de");

    assertThat(unload.lines())
        .contains(
            "⚠️ Zu wenig Speicher: GPU 0 (RTX 5090) um 0.3 GB zu knapp (--placement gpu), RAM 19.5"
                + " GB > 0.0 GB (mit 20% Reserve)");
    assertThat(wontFit.lines())
        .contains(
            "❌ Selbst nach dem Entladen aller nicht angehefteten Modelle zu wenig Speicher: GPU 0"
                + " (RTX 5090) um 7.5 GB zu knapp (--placement gpu), RAM 20.0 GB < 36.0 GB");
  }

  @Test
  void loadJsonHoldsThePools() {
    gpuWithResident();

    Cli.Result result = Cli.at(home, fakes).run("load", "next:14b", "--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .contains("\"outcome\": \"loaded\"")
        .contains("\"name\": \"GPU 0 (RTX 5090)\",\n      \"kind\": \"gpu\"");
  }

  @Test
  void vramThatDoesNotComeBackIsNamedAndNothingLoads() {
    // The fake GPU keeps reading 17.6 GB free after old:12b leaves: its VRAM never comes back.
    gpuWithResident();

    Cli.Result result =
        Cli.at(home, fakes).run("load", "next:14b", "--placement", "gpu", "--estimate", "margin");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.lines())
        .contains(
            "⚠️ GPU 0 (RTX 5090) after unloading: 17.6 GB free, too little for the placement",
            "❌ Not loaded: there is no room for next:14b");
    assertThat(fakes.runtime.calls()).noneMatch(call -> call.startsWith("load"));
  }

  @Test
  void badPlacementOrMarginIsAOneLineUsageError() throws IOException {
    Cli.Result flag = Cli.at(home, fakes).run("plan", "x:1b", "--placement", "cpu");
    Cli.Result margin = Cli.at(home, fakes).run("plan", "x:1b", "--gpu-margin", "lots");
    Cli.Result env = Cli.at(home, fakes).env("SMARTLOAD_GPU_MARGIN", "100GiB").run("plan", "x:1b");
    Path file = home.resolve(".config/smartload/config.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"placement\": \"vram\"}");
    Cli.Result config = Cli.at(home, fakes).run("plan", "x:1b");

    assertThat(flag.exitCode()).isEqualTo(1);
    assertThat(flag.err()).contains("'cpu' is not a placement: use any or gpu");
    assertThat(margin.exitCode()).isEqualTo(1);
    assertThat(margin.err())
        .startsWith(
            "smartload: Invalid value for option '--gpu-margin': 'lots': not a size; give a number"
                + " with a unit");
    assertThat(env.exitCode()).isEqualTo(1);
    assertThat(env.err())
        .isEqualTo(
            "smartload: environment variable SMARTLOAD_GPU_MARGIN: a GPU margin of 100GiB leaves"
                + " no GPU any room: give the free memory to keep per GPU, like 1GiB\n");
    assertThat(config.exitCode()).isEqualTo(1);
    assertThat(config.err())
        .isEqualTo(
            "smartload: config file "
                + file
                + ", key 'placement': 'vram' is not a placement: use any or gpu\n");
  }

  private static GpuDevice gpu(String freeGigabytes) {
    return gpu(ByteSize.ofBytes(24L << 30), "RTX 4090", freeGigabytes);
  }

  private static GpuDevice gpu(ByteSize total, String name, String freeGigabytes) {
    ByteSize free = ByteSize.ofGigabytes(freeGigabytes);
    return new GpuDevice(
        0, "GPU-0", name, total, total.minusOrZero(free), free, GpuDevice.Kind.DISCRETE, "CUDA");
  }
}
