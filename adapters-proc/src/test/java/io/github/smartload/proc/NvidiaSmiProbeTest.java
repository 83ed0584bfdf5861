package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.port.GpuProbeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nvidia-smi's recorded answers, replayed by a stand-in script given as the binary. The script
 * answers only to the exact query the probe must send.
 */
class NvidiaSmiProbeTest {

  private static final long MIB = 1L << 20;

  @TempDir Path dir;

  @Test
  void readsOneGpuInMebibytes() {
    var devices =
        probe(
                0,
                "0, GPU-2f0b6c83-1c77-5b0c-8a5f-7e1f3b4c9d10, NVIDIA GeForce RTX 4090, 24564, 1536,"
                    + " 22646")
            .devices();

    assertThat(devices)
        .containsExactly(
            new GpuDevice(
                0,
                "GPU-2f0b6c83-1c77-5b0c-8a5f-7e1f3b4c9d10",
                "NVIDIA GeForce RTX 4090",
                ByteSize.ofBytes(24564 * MIB),
                ByteSize.ofBytes(1536 * MIB),
                ByteSize.ofBytes(22646 * MIB),
                GpuDevice.Kind.DISCRETE,
                "CUDA"));
  }

  @Test
  void readsTwoGpusInTheirOrder() {
    var devices =
        probe(
                0,
                """
                0, GPU-8a1c2e4f-0b3d-4e5f-9a6b-7c8d9e0f1a2b, NVIDIA GeForce RTX 3090, 24576, 18807, 5468
                1, GPU-1b2c3d4e-5f60-4718-89a0-b1c2d3e4f506, NVIDIA GeForce RTX 3060, 12288, 4, 12035
                """)
            .devices();

    assertThat(devices).extracting(GpuDevice::index).containsExactly(0, 1);
    assertThat(devices)
        .extracting(GpuDevice::name)
        .containsExactly("NVIDIA GeForce RTX 3090", "NVIDIA GeForce RTX 3060");
    assertThat(devices.get(0).free()).isEqualTo(ByteSize.ofBytes(5468 * MIB));
    assertThat(devices.get(1).free()).isEqualTo(ByteSize.ofBytes(12035 * MIB));
  }

  @Test
  void aBoardWithoutMemoryFiguresIsIntegrated() {
    // Unified-memory boards (DGX Spark's GB10, Jetson) report no memory of their own.
    var devices =
        probe(0, "0, GPU-6e1d2c3b-4a59-4867-b5a4-c3d2e1f0a9b8, NVIDIA GB10, [N/A], [N/A], [N/A]")
            .devices();

    assertThat(devices)
        .singleElement()
        .satisfies(
            gpu -> {
              assertThat(gpu.kind()).isEqualTo(GpuDevice.Kind.INTEGRATED);
              assertThat(gpu.total()).isEqualTo(ByteSize.ZERO);
              assertThat(gpu.name()).isEqualTo("NVIDIA GB10");
            });
  }

  @Test
  void notSupportedIsReadAsNotAvailable() {
    var devices =
        probe(0, "0, GPU-0a, NVIDIA Jetson, [Not Supported], [Not Supported], [Not Supported]")
            .devices();

    assertThat(devices)
        .singleElement()
        .extracting(GpuDevice::kind)
        .isEqualTo(GpuDevice.Kind.INTEGRATED);
  }

  @Test
  void aDriverItCannotTalkToIsAOneLineError() {
    var probe =
        probe(
            9,
            "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make"
                + " sure that the latest NVIDIA driver is installed and running.\n");

    assertThatThrownBy(probe::devices)
        .isInstanceOf(GpuProbeException.class)
        .hasMessage(
            "nvidia-smi cannot talk to the NVIDIA driver (exit 9: NVIDIA-SMI has failed because"
                + " it couldn't communicate with the NVIDIA driver. Make sure that the latest"
                + " NVIDIA driver is installed and running.); load the driver (modprobe nvidia)"
                + " or reboot after a driver update")
        .message()
        .doesNotContain("\n");
  }

  @Test
  void noDevicesFoundIsNoGpu() {
    assertThat(probe(6, "No devices were found\n").devices()).isEmpty();
  }

  @Test
  void noBinaryIsNoGpu() {
    var probe =
        new NvidiaSmiProbe(dir.resolve("absent/nvidia-smi").toString(), Duration.ofSeconds(5));

    assertThat(probe.devices()).isEmpty();
  }

  @Test
  void anotherFailureNamesItsExitStatusAndFirstLine() {
    assertThatThrownBy(probe(2, "\nunexpected arguments: --bogus\n")::devices)
        .isInstanceOf(GpuProbeException.class)
        .hasMessage("nvidia-smi failed (exit 2): unexpected arguments: --bogus");
  }

  @Test
  void aLineOfTheWrongShapeIsNamed() {
    assertThatThrownBy(probe(0, "0, GPU-1, RTX, lots, 1, 2\n")::devices)
        .isInstanceOf(GpuProbeException.class)
        .hasMessage(
            "nvidia-smi printed '0, GPU-1, RTX, lots, 1, 2', expected index, uuid, name,"
                + " memory.total, memory.used, memory.free in MiB");
  }

  @Test
  void aToolThatHangsIsKilledAtTheTimeout() throws IOException {
    // The script never ends by itself, so the deadline is what stops it, however slow the machine.
    Path script = script("#!/bin/sh\nwhile :; do sleep 1; done\n");
    var probe = new NvidiaSmiProbe(script.toString(), Duration.ofMillis(300));

    assertThatThrownBy(probe::devices)
        .isInstanceOf(GpuProbeException.class)
        .hasMessage(script + " did not answer within 300ms; run it by hand to see why");
  }

  /** A stand-in nvidia-smi that checks its arguments, prints {@code output} and exits. */
  private NvidiaSmiProbe probe(int exitCode, String output) {
    String expected = String.join(" ", NvidiaSmiProbe.QUERY);
    try {
      Files.writeString(dir.resolve("output.txt"), output);
      Path script =
          script(
              "#!/bin/sh\n"
                  + "if [ \"$*\" != \""
                  + expected
                  + "\" ]; then echo \"unexpected arguments: $*\"; exit 2; fi\n"
                  + "cat '"
                  + dir.resolve("output.txt")
                  + "'\nexit "
                  + exitCode
                  + "\n");
      return new NvidiaSmiProbe(script.toString(), Duration.ofSeconds(60));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Path script(String text) throws IOException {
    Path script = dir.resolve("nvidia-smi");
    Files.writeString(script, text);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
