package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import io.github.smartload.ollama.fake.FakeOllama;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's three scenarios end to end: the real CLI commands ({@code load}, {@code plan}, {@code
 * serve}) over the real probes (meminfo, the fake's stand-in nvidia-smi) and the real Ollama
 * runtime, against the fake Ollama whose GPU places each loading model's layers and reports {@code
 * size_vram}. A "24 GB" GPU is 24 GiB (25.8 GB); the fake keeps 1 GiB free per GPU, as
 * llama-server's fit does.
 */
class GpuScenariosEndToEndTest {

  private static final ByteSize GIB = ByteSize.ofBytes(1L << 30);

  @TempDir Path home;
  @TempDir Path procfs;
  @TempDir Path sysfs;
  @TempDir Path tools;

  private FakeOllama ollama;

  @AfterEach
  void stop() {
    if (ollama != null) {
      ollama.close();
    }
  }

  private String[] with(String... args) {
    String[] common = {
      "--host", ollama.url().toString(),
      "--procfs", procfs.toString(),
      "--sysfs", sysfs.toString(),
      "--nvidia-smi", ollama.nvidiaSmi().toString()
    };
    String[] all = new String[args.length + common.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(common, 0, all, args.length, common.length);
    return all;
  }

  private Cli.Result smartload(String... args) {
    return Cli.at(home).run(with(args));
  }

  private static ByteSize gb(String gigabytes) {
    return ByteSize.ofGigabytes(gigabytes);
  }

  private static ByteSize gib(long gibibytes) {
    return ByteSize.ofBytes(gibibytes * GIB.bytes());
  }

  /**
   * Scenario 1: 16 GB RAM, 4 GB for the system, two small models in RAM (3.4 + 5.4 GB): 3.2 GB
   * available. qwen2.5:32b, 19 GB, needs 19 x 1.2 = 22.8 GB (its facts are not given: size x
   * margin), within the 24 GiB GPU's 25.8 GB free less 1 GiB (24.7 GB): wholly on the GPU, its RAM
   * part 0. By RAM alone it would not fit even after unloading both (12.0 GB): today's smartload
   * unloads both.
   */
  @Test
  void scenarioOneLoadsOnTheGpuAndUnloadsNothing() {
    ollama =
        FakeOllama.builder()
            .totalMemory(gb("16"))
            .baseUsage(gb("4"))
            .install("qwen2.5:32b", gb("19"))
            .install("qwen2.5:3b", gb("3.4"))
            .install("qwen2.5:7b", gb("5.4"))
            .gpu("NVIDIA GeForce RTX 4090", gib(24))
            .unloadDelay(Duration.ofMillis(50))
            .procfsRoot(procfs)
            .nvidiaSmi(tools)
            .start()
            .preloadInRam("qwen2.5:3b")
            .preloadInRam("qwen2.5:7b");

    Cli.Result result = smartload("load", "qwen2.5:32b");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.lines())
        .contains(
            "   Available: 3.2 GB",
            "   Loaded: 8.8 GB",
            "   RAM: 3.2 GB available, needs 0.0 GB",
            "   GPU 0 (NVIDIA GeForce RTX 4090): 25.8 GB free, needs 22.8 GB (whole model)",
            "✅ Fits: GPU 0 (NVIDIA GeForce RTX 4090) 25.8 GB free > 22.8 GB, RAM 3.2 GB > 0.0 GB"
                + " (with 20% reserve)")
        .noneMatch(line -> line.contains("Enough RAM"));
    assertThat(ollama.unloadCount("qwen2.5:3b")).isZero();
    assertThat(ollama.unloadCount("qwen2.5:7b")).isZero();
    assertThat(ollama.residentModels()).hasSize(3);
    // The fake placed it as llama-server would: every layer on the GPU, none in RAM.
    assertThat(ollama.vramOf("qwen2.5:32b")).isEqualTo(gb("19"));
    assertThat(ollama.everOvercommitted()).isFalse();
  }

  /**
   * Scenario 2: 32 GB RAM, a 12 GiB GPU; llama3.1:8b (its /api/show facts) at 131072 tokens:
   * footprint 22.4 GB, of which the GPU takes what fits within 12.9 GB free less 1 GiB and the rest
   * spills to RAM, checked against RAM available.
   */
  @Test
  void scenarioTwoComputesAndChecksTheSpillToRam() throws IOException {
    String facts = Files.readString(Path.of("src/test/resources/show/llama3.1-8b.json"));
    ollama =
        FakeOllama.builder()
            .totalMemory(gb("32"))
            .baseUsage(gb("12"))
            .install("llama3.1:8b", gb("4.9"))
            .residentSize("llama3.1:8b", gb("22.4"))
            .showAnswer("llama3.1:8b", facts)
            .gpu("NVIDIA GeForce RTX 4070", gib(12))
            .unloadDelay(Duration.ofMillis(50))
            .procfsRoot(procfs)
            .nvidiaSmi(tools)
            .start();

    Cli.Result plan = smartload("plan", "llama3.1:8b", "--context", "131072");
    Cli.Result json = smartload("plan", "llama3.1:8b", "--context", "131072", "--json");
    Cli.Result load = smartload("load", "llama3.1:8b", "--context", "131072");

    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.lines())
        .contains(
            "   RAM: 20.0 GB available, needs 11.3 GB (16/33 layers in RAM)",
            "   GPU 0 (NVIDIA GeForce RTX 4070): 12.9 GB free, needs 11.4 GB (17/33 layers)",
            "✅ Fits: GPU 0 (NVIDIA GeForce RTX 4070) 12.9 GB free > 11.4 GB (17/33 layers), RAM"
                + " 20.0 GB > 11.3 GB (16/33 layers) (footprint at 131072 tokens)");
    // Blocks: (5,000,000,000 - 295,501,824 embeddings - 430,940,160 output) / 32 = 133,548,688
    // + 16 GiB / 32 = 536,870,912 KV = 670,419,600 each. GPU target 12,884,901,888 - 1 GiB =
    // 11,811,160,064: 16 blocks + output + compute 279,445,504 = 11,437,099,264 (a 17th block would
    // make 12,107,518,864). RAM: 16 blocks + compute + embeddings + 513,024 logits =
    // 11,302,173,952.
    assertThat(json.out())
        .contains("\"decision\": \"fits\"")
        .contains("\"neededBytes\": 11302173952,\n      \"layers\": 16")
        .contains("\"neededBytes\": 11437099264,\n      \"layers\": 17")
        .contains("\"split\": \"layers\"")
        .doesNotContain("\"split\": \"whole\"");
    assertThat(load.exitCode()).as(load.err()).isZero();
    // The fake's own placement (22.4 GB in 32 even blocks, 1 GiB margin) spills 16 blocks too.
    assertThat(ollama.vramOf("llama3.1:8b")).isEqualTo(gb("11.2"));
    assertThat(ollama.everOvercommitted()).isFalse();
  }

  /**
   * plan --max-context with a GPU: llama3.1:8b, 20 GB of RAM available and a 12 GiB GPU. Wholly on
   * the GPU while its blocks, KV cache, output layer and compute buffer stay within 12.9 GB less 1
   * GiB (51968 tokens, 131072 bytes of KV a token); without swapping while its RAM part stays
   * within 20 GB: its trained context, 131072.
   */
  @Test
  void planMaxContextAnswersPerPool() throws IOException {
    String facts = Files.readString(Path.of("src/test/resources/show/llama3.1-8b.json"));
    ollama =
        FakeOllama.builder()
            .totalMemory(gb("32"))
            .baseUsage(gb("12"))
            .install("llama3.1:8b", gb("4.9"))
            .showAnswer("llama3.1:8b", facts)
            .gpu("NVIDIA GeForce RTX 4070", gib(12))
            .procfsRoot(procfs)
            .nvidiaSmi(tools)
            .start();

    Cli.Result text = smartload("plan", "llama3.1:8b", "--max-context");
    Cli.Result json = smartload("plan", "llama3.1:8b", "--max-context", "--json");

    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.lines())
        .contains(
            "✅ Largest context wholly on the GPUs now: 51968 tokens (12.1 GB)",
            "✅ Largest context without swapping now (layers spill to RAM): 131072 tokens (22.5"
                + " GB)");
    assertThat(json.out())
        .contains("\"maxContext\": 131072")
        .contains("\"maxContextOnGpus\": 51968")
        .contains("\"maxContextOnGpusAfterUnload\": 51968");
  }

  /**
   * plan --max-context beside a resident (qwen3:8b held in RAM): the "now" answers keep to Ollama's
   * 80% rule as --fit-context does. Wholly on the 12 GiB GPU would allow 51968 tokens, but there
   * Ollama predicts 4,900,000,000 + 131,072 x 51968 = 11,711,741,696, more than 80% of the
   * 12,884,901,888 free (10,307,921,510), and would unload qwen3:8b itself: "now" is at most 41,259
   * tokens, 41216 as a multiple of 256. After unloading qwen3:8b the rule no longer binds. Loaded
   * at the "now" answer, the fake Ollama keeps the resident.
   */
  @Test
  void planMaxContextNowKeepsWithinOllamasEightyPercentRuleBesideAResident() throws IOException {
    String facts = Files.readString(Path.of("src/test/resources/show/llama3.1-8b.json"));
    ollama =
        FakeOllama.builder()
            .totalMemory(gb("32"))
            .baseUsage(gb("12"))
            .install("qwen3:8b", gb("5.2"))
            .install("llama3.1:8b", gb("4.9"))
            .showAnswer("llama3.1:8b", facts)
            .gpu("NVIDIA GeForce RTX 4070", gib(12))
            .unloadDelay(Duration.ofMillis(50))
            .procfsRoot(procfs)
            .nvidiaSmi(tools)
            .start()
            .preloadInRam("qwen3:8b");

    Cli.Result text = smartload("plan", "llama3.1:8b", "--max-context");
    Cli.Result json = smartload("plan", "llama3.1:8b", "--max-context", "--json");

    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.lines())
        .anyMatch(line -> line.startsWith("✅ Largest context wholly on the GPUs now: 41216 tokens"))
        .anyMatch(
            line ->
                line.startsWith(
                    "✅ Largest context without swapping now (layers spill to RAM): 41216 tokens"));
    assertThat(json.out())
        .contains("\"maxContext\": 41216")
        .contains("\"maxContextOnGpus\": 41216")
        .contains("\"maxContextOnGpusAfterUnload\": 51968")
        .contains("\"maxContextAfterUnload\": 131072");

    Cli.Result load = smartload("load", "llama3.1:8b", "--context", "41216");

    assertThat(load.exitCode()).as(load.err()).isZero();
    assertThat(ollama.unloadCount("qwen3:8b")).isZero();
    assertThat(ollama.residentModels()).hasSize(2);
  }

  /**
   * Scenario 3, placement gpu: a 12 GB model holds 12 GB of the 24 GiB GPU (13.8 GB free); a 14 GB
   * model needs 16.8 GB, more than 13.8 GB less 1 GiB, so it would spill: the resident goes, the
   * wait lasts until the GPU reads its 12 GB back (the fake returns it 1.5 s after the model leaves
   * /api/ps), and the new model loads wholly on the GPU. Loaded before the VRAM came back, the fake
   * would have placed part of it in RAM.
   */
  @Test
  void scenarioThreeUnloadsTheResidentWaitsForTheVramAndLoadsOnTheGpu() {
    ollama = scenarioThree();

    Cli.Result result = smartload("load", "next:14b", "--placement", "gpu");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.lines())
        .contains(
            "   GPU 0 (NVIDIA GeForce RTX 4090): 13.8 GB free, 25.8 GB after unloading, needs 16.8 GB"
                + " (whole model)",
            // 16.8 GB whole, less the 13.8 GB free within the 1 GiB margin (12.7 GB)
            "⚠️ Not enough memory: GPU 0 (NVIDIA GeForce RTX 4090) short by 4.1 GB (--placement"
                + " gpu), RAM 24.0 GB > 0.0 GB (with 20% reserve)",
            "   🗑️ old:12b unloaded");
    assertThat(ollama.unloadCount("old:12b")).isEqualTo(1);
    assertThat(ollama.vramOf("next:14b")).isEqualTo(gb("14"));
  }

  /**
   * Scenario 3 placed anywhere: 16.8 GB by margin would fit with a spill (RAM has 24 GB), but
   * Ollama unloads old:12b itself before it loads next:14b (server/sched.go 547-561): it predicts
   * 14 GB (no facts here, so the size stands in for file + KV cache), more than 80% of the 13.8 GB
   * free (11.0 GB). smartload unloads it first, says why, and waits for its VRAM: the new model
   * then goes wholly on the GPU.
   */
  @Test
  void scenarioThreePlacedAnywhereUnloadsWhatOllamaWouldUnloadItself() {
    ollama = scenarioThree();

    Cli.Result result = smartload("load", "next:14b");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.lines())
        .contains(
            "   GPU 0 (NVIDIA GeForce RTX 4090): 13.8 GB free, 25.8 GB after unloading, needs 16.8 GB"
                + " (whole model)",
            "   Ollama's prediction taken as the model's size, 14.0 GB (no facts: no KV cache"
                + " counted)",
            "   Ollama would unload old:12b itself: 14.0 GB is more than 80% of the 13.8 GB free on"
                + " GPU 0 (NVIDIA GeForce RTX 4090)",
            "⚠️ Ollama would unload 1 model(s) itself before loading next:14b: smartload unloads"
                + " them first",
            "   🗑️ old:12b unloaded");
    assertThat(ollama.unloadCount("old:12b")).isEqualTo(1);
    assertThat(ollama.vramOf("next:14b")).isEqualTo(gb("14"));
    assertThat(ollama.everOvercommitted()).isFalse();
  }

  /** The proxy admits per pool too, and its status page shows each decision's pools. */
  @Test
  void theProxyDecidesPerPoolAndShowsThePools() throws Exception {
    ollama = scenarioThree();
    CompletableFuture<Runnable> stopper = new CompletableFuture<>();
    int port = freePort();
    CompletableFuture<Cli.Result> served =
        CompletableFuture.supplyAsync(
            () ->
                Cli.at(
                        home,
                        new AbstractModule() {
                          @Override
                          protected void configure() {
                            bind(ShutdownSignal.class).toInstance(stopper::complete);
                          }
                        })
                    .run(with("serve", "--listen", "127.0.0.1:" + port, "--placement", "gpu")));
    Runnable stop = stopper.get(20, TimeUnit.SECONDS);
    OkHttpClient client = new OkHttpClient();
    String status;
    try {
      Request chat =
          new Request.Builder()
              .url("http://127.0.0.1:" + port + "/api/chat")
              .post(
                  RequestBody.create(
                      "{\"model\":\"next:14b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                      MediaType.get("application/json")))
              .build();
      try (Response response = client.newCall(chat).execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
      Request page =
          new Request.Builder().url("http://127.0.0.1:" + port + "/smartload/status").build();
      try (Response response = client.newCall(page).execute()) {
        status = response.body().string();
      }
    } finally {
      stop.run();
    }
    Cli.Result result = served.get(20, TimeUnit.SECONDS);

    assertThat(ollama.unloadCount("old:12b")).isEqualTo(1);
    assertThat(ollama.vramOf("next:14b")).isEqualTo(gb("14"));
    assertThat(status)
        .contains("\"pools\":[{\"name\":\"RAM\",\"kind\":\"ram\"")
        .contains("\"name\":\"GPU 0 (NVIDIA GeForce RTX 4090)\",\"kind\":\"gpu\",\"index\":0")
        .contains("\"short_by_bytes\":0,\"split\":\"whole\"}")
        // 13.8 GB free now and the 12 GB old:12b holds
        .contains(
            "\"free_bytes\":13768851456,\"free_after_unload_bytes\":"
                + (13768851456L + gb("12").bytes()));
    assertThat(result.lines())
        .contains(
            "   GPU 0 (NVIDIA GeForce RTX 4090): 13.8 GB free, 25.8 GB after unloading, needs 16.8"
                + " GB (whole model)");
  }

  /**
   * serve --fit-context with a GPU: llama3.1:8b at Ollama's default 131072 tokens leaves 11.3 GB in
   * RAM, more than the 8.0 GB available beside qwen3:8b (held in RAM). The largest context whose
   * RAM part fits 8.0 GB, its front layers spilling from the 12 GiB GPU, is 106,752 tokens (20,736
   * by RAM alone); but there Ollama's prediction, 4.9 GB + 2 x 32 x 8 x 128 x 106,752 x 2 =
   * 13,992,263,680 of f16 KV, is more than 80% of the 12.9 GB free, and Ollama (the fake too) would
   * unload qwen3:8b itself. The search also keeps to Ollama's 80% rule: 4.9 GB + 131,072 a token <=
   * 10,307,921,510 up to 41,259 tokens, so 41,216 (a multiple of 256): qwen3:8b stays.
   */
  @Test
  void fitContextSearchesPerPoolAndWithinOllamasEightyPercentRule() throws Exception {
    String facts = Files.readString(Path.of("src/test/resources/show/llama3.1-8b.json"));
    ollama =
        FakeOllama.builder()
            .totalMemory(gb("32"))
            .baseUsage(gb("18.3"))
            .defaultContext(131072)
            .install("qwen3:8b", gb("5.2"))
            .residentSize("qwen3:8b", gb("5.7"))
            .install("llama3.1:8b", gb("4.9"))
            .residentSize("llama3.1:8b", gb("16"))
            .showAnswer("llama3.1:8b", facts)
            .gpu("NVIDIA GeForce RTX 4070", gib(12))
            .unloadDelay(Duration.ofMillis(50))
            .procfsRoot(procfs)
            .nvidiaSmi(tools)
            .start()
            .preloadInRam("qwen3:8b");
    // The server's default context, as its OLLAMA_CONTEXT_LENGTH would say it.
    Path config = home.resolve(".config/smartload/config.json");
    Files.createDirectories(config.getParent());
    Files.writeString(config, "{\"ollamaServer\": {\"OLLAMA_CONTEXT_LENGTH\": 131072}}");
    CompletableFuture<Runnable> stopper = new CompletableFuture<>();
    int port = freePort();
    CompletableFuture<Cli.Result> served =
        CompletableFuture.supplyAsync(
            () ->
                Cli.at(
                        home,
                        new AbstractModule() {
                          @Override
                          protected void configure() {
                            bind(ShutdownSignal.class).toInstance(stopper::complete);
                          }
                        })
                    .run(with("serve", "--listen", "127.0.0.1:" + port, "--fit-context")));
    Runnable stop = stopper.get(20, TimeUnit.SECONDS);
    try {
      Request generate =
          new Request.Builder()
              .url("http://127.0.0.1:" + port + "/api/generate")
              .post(
                  RequestBody.create(
                      "{\"model\":\"llama3.1:8b\",\"prompt\":\"hi\"}",
                      MediaType.get("application/json")))
              .build();
      try (Response response = new OkHttpClient().newCall(generate).execute()) {
        assertThat(response.code()).isEqualTo(200);
      }
    } finally {
      stop.run();
    }
    served.get(20, TimeUnit.SECONDS);

    assertThat(ollama.contextOf("llama3.1:8b")).contains(41_216);
    assertThat(ollama.unloadCount("qwen3:8b")).isZero();
    assertThat(ollama.residentModels()).contains(ModelName.parse("qwen3:8b"));
  }

  private FakeOllama scenarioThree() {
    return FakeOllama.builder()
        .totalMemory(gb("32"))
        .baseUsage(gb("8"))
        .install("old:12b", gb("12"))
        .install("next:14b", gb("14"))
        .gpu("NVIDIA GeForce RTX 4090", gib(24))
        .unloadDelay(Duration.ofMillis(50))
        .vramReturnDelay(Duration.ofMillis(1500))
        .procfsRoot(procfs)
        .nvidiaSmi(tools)
        .start()
        .preload("old:12b");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
