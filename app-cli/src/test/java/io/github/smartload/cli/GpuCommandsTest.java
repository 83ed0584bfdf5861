package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.proc.GpuSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPUs in {@code status} and {@code doctor}, and the {@code --gpu}/{@code --nvidia-smi}
 * options.
 */
class GpuCommandsTest {

  private static final Messages ENGLISH = new Messages(java.util.Locale.ENGLISH, true);

  private static final long MIB = 1L << 20;

  @TempDir Path home;

  @TempDir Path bin;

  private final FakeAdapters fakes = new FakeAdapters("32", "25.5");

  @Test
  void statusListsEachGpuAfterTheMemory() {
    fakes.gpus.add(rtx4090());

    Cli.Result result = Cli.at(home, fakes).run("status");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .containsSubsequence(
            "   Swap used: 0.0 GB of 0.0 GB",
            "📊 GPUs:",
            "   GPU  NAME                     TOTAL    USED    FREE",
            "   0    NVIDIA GeForce RTX 4090  25.8 GB  1.6 GB  23.7 GB",
            "📊 Loaded models (the in-memory runtime):");
  }

  @Test
  void statusWithoutAGpuShowsNoGpuLinesAndAnEmptyJsonList() {
    assertThat(Cli.at(home, fakes).run("status").out()).doesNotContain("GPU");
    assertThat(Cli.at(home, fakes).run("status", "--json").out()).contains("\"gpus\": []");
  }

  @Test
  void statusJsonHoldsEachGpuInBytes() {
    fakes.gpus.add(rtx4090());

    Cli.Result result = Cli.at(home, fakes).run("status", "--json");

    assertThat(result.out())
        .contains(
            String.join(
                "\n",
                "  \"gpus\": [",
                "    {",
                "      \"index\": 0,",
                "      \"id\": \"GPU-2f0b6c83\",",
                "      \"name\": \"NVIDIA GeForce RTX 4090\",",
                "      \"totalBytes\": " + 24564 * MIB + ",",
                "      \"usedBytes\": " + 1536 * MIB + ",",
                "      \"freeBytes\": " + 22646 * MIB + ",",
                "      \"kind\": \"discrete\",",
                "      \"library\": \"CUDA\"",
                "    }",
                "  ],"));
  }

  @Test
  void aGpuThatCannotBeReadStillShowsTheRestAndExitsOne() {
    fakes.gpusFailing("nvidia-smi cannot talk to the NVIDIA driver (exit 9: ...)");

    Cli.Result result = Cli.at(home, fakes).run("status", "--json");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out())
        .contains("\"availableBytes\": 25500000000")
        .contains("\"gpus\": []")
        .contains("\"gpuError\": \"nvidia-smi cannot talk to the NVIDIA driver (exit 9: ...)\"");
    assertThat(result.err())
        .isEqualTo("smartload: nvidia-smi cannot talk to the NVIDIA driver (exit 9: ...)\n");
  }

  @Test
  void statusRunsTheNvidiaSmiItIsGiven() throws IOException {
    Path smi =
        nvidiaSmi(
            0,
            "0, GPU-a, NVIDIA GeForce RTX 3090, 24576, 18807, 5468\n"
                + "1, GPU-b, NVIDIA GeForce RTX 3060, 12288, 4, 12035\n");

    Cli.Result result =
        Cli.at(home, fakes.realGpuProbes())
            .run("status", "--json", "--gpu", "nvidia", "--nvidia-smi", smi.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("\"id\": \"GPU-a\"")
        .contains("\"id\": \"GPU-b\"")
        .contains("\"freeBytes\": " + 12035 * MIB);
  }

  @Test
  void doctorFailsWithAFixWhenNvidiaSmiCannotTalkToTheDriver() throws IOException {
    Path smi =
        nvidiaSmi(
            9,
            "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make"
                + " sure that the latest NVIDIA driver is installed and running.\n");

    Cli.Result result =
        Cli.at(home, fakes.realGpuProbes())
            .run(
                "doctor",
                "--systemd-root",
                home.toString(),
                "--gpu",
                "nvidia",
                "--nvidia-smi",
                smi.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.lines())
        .containsSubsequence(
            "[FAIL] GPU: nvidia-smi cannot talk to the NVIDIA driver (exit 9: NVIDIA-SMI has failed"
                + " because it couldn't communicate with the NVIDIA driver. Make sure that the"
                + " latest NVIDIA driver is installed and running.); load the driver (modprobe"
                + " nvidia) or reboot after a driver update",
            "       fix: fix the driver (nvidia-smi must answer), or --gpu none to decide on RAM"
                + " alone");
  }

  @Test
  void doctorWarnsWhenAGpuIsPresentButModelsRunOnTheCpu() {
    fakes.gpus.add(rtx4090());
    fakes.runtime.resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    Cli.Result result = Cli.at(home, fakes).run("doctor", "--systemd-root", home.toString());

    assertThat(result.lines())
        .contains(
            "[OK]   GPU: GPU 0 (NVIDIA GeForce RTX 4090): 23.7 GB free of 25.8 GB (CUDA)",
            "[WARN] GPU use: qwen3:8b runs on the CPU (size_vram 0) although GPU 0 (NVIDIA"
                + " GeForce RTX 4090) is present");
  }

  @Test
  void doctorWarnsWhenTheNvidiaSmiItWasGivenDoesNotExist() {
    Path missing = bin.resolve("nowhere/nvidia-smi");

    Cli.Result result =
        Cli.at(home, fakes)
            .run("doctor", "--systemd-root", home.toString(), "--nvidia-smi", missing.toString());

    assertThat(result.lines())
        .containsSubsequence(
            "[WARN] GPU: --nvidia-smi "
                + missing
                + " is no executable file, so no NVIDIA GPU is read",
            "       fix: give nvidia-smi's path (command -v nvidia-smi), or leave --nvidia-smi"
                + " out");
  }

  @Test
  void doctorSaysNothingOfGpusOnAMachineWithoutOne() {
    fakes.runtime.resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    assertThat(Cli.at(home, fakes).run("doctor", "--systemd-root", home.toString()).out())
        .doesNotContain("GPU");
  }

  @Test
  void modelsWithLayersOnTheGpuAreFine() {
    LoadedModel onGpu =
        new LoadedModel(
            ModelName.parse("qwen3:8b"),
            ByteSize.ofGigabytes("5.7"),
            ByteSize.ofGigabytes("5.7"),
            Instant.parse("2026-11-27T04:10:00Z"));

    assertThat(GpuChecks.use(List.of(rtx4090()), List.of(onGpu), ENGLISH))
        .hasValueSatisfying(check -> assertThat(check.status()).isEqualTo(DoctorCheck.Status.OK));
    assertThat(GpuChecks.devices(List.of(), GpuSelection.NVIDIA, ENGLISH))
        .hasValueSatisfying(check -> assertThat(check.status()).isEqualTo(DoctorCheck.Status.WARN));
  }

  @Test
  void gpuOptionsComeFromTheFlagThenTheEnvironmentThenTheConfigFile() throws IOException {
    Path file = home.resolve(".config/smartload/config.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"gpu\": \"amd\", \"nvidiaSmi\": \"/opt/nvidia/bin/nvidia-smi\"}");

    Cli.at(home, fakes).run("status");
    Cli.at(home, fakes).env("SMARTLOAD_GPU", "nvidia").run("status");
    Cli.at(home, fakes).env("SMARTLOAD_GPU", "nvidia").run("status", "--gpu", "none");

    assertThat(fakes.gpuProbes)
        .containsExactly(
            "amd /opt/nvidia/bin/nvidia-smi",
            "nvidia /opt/nvidia/bin/nvidia-smi",
            "none /opt/nvidia/bin/nvidia-smi");
  }

  @Test
  void aBadGpuChoiceIsAOneLineUsageError() throws IOException {
    Path file = home.resolve(".config/smartload/config.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"gpu\": \"intel\"}");

    Cli.Result flag = Cli.at(home, fakes).run("status", "--gpu", "cuda");
    Cli.Result config = Cli.at(home, fakes).run("status");

    assertThat(flag.exitCode()).isEqualTo(1);
    assertThat(flag.err()).contains("'cuda' is not a GPU choice: use auto, none, nvidia or amd");
    assertThat(config.exitCode()).isEqualTo(1);
    assertThat(config.err())
        .isEqualTo(
            "smartload: config file "
                + file
                + ", key 'gpu': 'intel' is not a GPU choice: use auto, none, nvidia or amd\n");
  }

  @Test
  void anEmptyNvidiaSmiPathIsAUsageErrorNotACrash() {
    Cli.Result result = Cli.at(home, fakes.realGpuProbes()).run("status", "--nvidia-smi", "");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("empty path: give nvidia-smi's path, or leave it out")
        .doesNotContain("unexpected");
  }

  static GpuDevice rtx4090() {
    return new GpuDevice(
        0,
        "GPU-2f0b6c83",
        "NVIDIA GeForce RTX 4090",
        ByteSize.ofBytes(24564 * MIB),
        ByteSize.ofBytes(1536 * MIB),
        ByteSize.ofBytes(22646 * MIB),
        GpuDevice.Kind.DISCRETE,
        "CUDA");
  }

  /** A stand-in nvidia-smi that prints {@code output} and exits with {@code exitCode}. */
  private Path nvidiaSmi(int exitCode, String output) throws IOException {
    Path recorded = bin.resolve("output.txt");
    Files.writeString(recorded, output);
    Path script = bin.resolve("nvidia-smi");
    Files.writeString(script, "#!/bin/sh\ncat '" + recorded + "'\nexit " + exitCode + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
