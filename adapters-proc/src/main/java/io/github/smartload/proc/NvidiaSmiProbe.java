package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.GpuProbeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * NVIDIA GPUs as {@code nvidia-smi} lists them. No {@code nvidia-smi} means no NVIDIA GPU, and so
 * does its "No devices were found" (exit 6); a driver it cannot talk to (exit 9) is an error.
 * Memory fields reported as {@code [N/A]} or {@code [Not Supported]} (unified-memory boards) make
 * the device integrated: its memory is system RAM, which the memory probe reads.
 */
public final class NvidiaSmiProbe implements GpuProbe {

  /** nvidia-smi can take seconds when the driver is not kept loaded (no persistence mode). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  static final List<String> QUERY =
      List.of(
          "--query-gpu=index,uuid,name,memory.total,memory.used,memory.free",
          "--format=csv,noheader,nounits");

  private static final int NO_DEVICES = 6;
  private static final int DRIVER_FAILURE = 9;
  private static final long MIB = 1L << 20;

  private final String command;
  private final Duration timeout;

  /**
   * @param command the binary: a path, or a name looked up on {@code PATH} ({@code nvidia-smi})
   */
  public NvidiaSmiProbe(String command, Duration timeout) {
    this.command = Objects.requireNonNull(command, "command");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (command.isBlank()) {
      throw new IllegalArgumentException("empty path for nvidia-smi");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("nvidia-smi's timeout must be positive: " + timeout);
    }
  }

  /** {@code nvidia-smi} from {@code PATH}, with the default timeout. */
  public static NvidiaSmiProbe onPath() {
    return new NvidiaSmiProbe("nvidia-smi", DEFAULT_TIMEOUT);
  }

  public String command() {
    return command;
  }

  /**
   * @throws GpuProbeException when nvidia-smi fails, hangs or prints what it should not
   */
  @Override
  public List<GpuDevice> devices() {
    Optional<ToolRun.Result> run = ToolRun.run(command, QUERY, timeout);
    if (run.isEmpty()) {
      return List.of();
    }
    ToolRun.Result result = run.get();
    return switch (result.exitCode()) {
      case 0 -> parse(result.output());
      case NO_DEVICES -> List.of();
      case DRIVER_FAILURE ->
          throw new GpuProbeException(
              "nvidia-smi cannot talk to the NVIDIA driver (exit 9: "
                  + result.firstLine()
                  + "); load the driver (modprobe nvidia) or reboot after a driver update");
      default ->
          throw new GpuProbeException(
              "nvidia-smi failed (exit " + result.exitCode() + "): " + result.firstLine());
    };
  }

  /** Parses the CSV lines: {@code 0, GPU-5f1e..., NVIDIA GeForce RTX 4090, 24564, 512, 23628}. */
  static List<GpuDevice> parse(String output) {
    List<GpuDevice> devices = new ArrayList<>();
    for (String line : output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      devices.add(device(line));
    }
    return List.copyOf(devices);
  }

  private static GpuDevice device(String line) {
    String[] fields = Arrays.stream(line.split(",")).map(String::strip).toArray(String[]::new);
    if (fields.length < 6) {
      throw unexpected(line);
    }
    // A name with a comma in it would split; the name is whatever lies between uuid and memory.
    int n = fields.length;
    String name = String.join(", ", Arrays.copyOfRange(fields, 2, n - 3));
    Optional<ByteSize> total = mebibytes(fields[n - 3], line);
    Optional<ByteSize> used = mebibytes(fields[n - 2], line);
    Optional<ByteSize> free = mebibytes(fields[n - 1], line);
    boolean reported = total.isPresent() && used.isPresent() && free.isPresent();
    int index;
    try {
      index = Integer.parseInt(fields[0]);
    } catch (NumberFormatException e) {
      throw unexpected(line);
    }
    try {
      return new GpuDevice(
          index,
          fields[1],
          name,
          reported ? total.get() : ByteSize.ZERO,
          reported ? used.get() : ByteSize.ZERO,
          reported ? free.get() : ByteSize.ZERO,
          reported ? GpuDevice.Kind.DISCRETE : GpuDevice.Kind.INTEGRATED,
          "CUDA");
    } catch (IllegalArgumentException e) {
      throw new GpuProbeException("nvidia-smi printed '" + line + "': " + e.getMessage(), e);
    }
  }

  /** A MiB figure, or empty for {@code [N/A]}, {@code [Not Supported]} and the like. */
  private static Optional<ByteSize> mebibytes(String field, String line) {
    if (field.startsWith("[") && field.endsWith("]")) {
      return Optional.empty();
    }
    try {
      return Optional.of(ByteSize.ofBytes(Math.multiplyExact(Long.parseLong(field), MIB)));
    } catch (NumberFormatException | ArithmeticException e) {
      throw unexpected(line);
    }
  }

  private static GpuProbeException unexpected(String line) {
    return new GpuProbeException(
        "nvidia-smi printed '"
            + line
            + "', expected index, uuid, name, memory.total, memory.used, memory.free in MiB");
  }
}
