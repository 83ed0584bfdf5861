package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.EvictionStrategy;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.PlacementMode;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.ollama.OllamaHost;
import io.github.smartload.proc.GpuSelection;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns command-line text into smartload's values. Each converter reports bad input as picocli's
 * {@link TypeConversionException} with the value's own message, so the user sees one line saying
 * which option was wrong and how to write it.
 */
final class Converters {

  private Converters() {}

  /** Registers the converters for the value types the commands declare. */
  static CommandLine register(CommandLine commandLine) {
    return commandLine
        .registerConverter(ByteSize.class, text -> convert(() -> ByteSize.parse(text)))
        .registerConverter(ModelName.class, text -> convert(() -> ModelName.parse(text)))
        .registerConverter(KeepAlive.class, text -> convert(() -> keepAlive(text)))
        .registerConverter(BigDecimal.class, text -> convert(() -> margin(text)))
        .registerConverter(GivenModel.class, text -> convert(() -> GivenModel.parse(text)))
        .registerConverter(Duration.class, text -> convert(() -> timeout(text)));
  }

  /**
   * {@code 1.2}, {@code 1.20} or {@code 20%}: the factor the size is multiplied by, from 1.0 to 10
   * (checked here too, so that the error names where the margin came from).
   */
  static BigDecimal margin(String text) {
    String value = text.strip();
    BigDecimal factor;
    try {
      if (value.endsWith("%")) {
        BigDecimal percent = new BigDecimal(value.substring(0, value.length() - 1).strip());
        factor = BigDecimal.ONE.add(percent.movePointLeft(2));
      } else {
        factor = new BigDecimal(value);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a margin: give a factor like 1.2 or a percentage like 20%");
    }
    return checkMargin(factor);
  }

  /** The margin if it is one {@link LoadPolicy} accepts. */
  static BigDecimal checkMargin(BigDecimal factor) {
    return LoadPolicy.checkMargin(factor);
  }

  /**
   * A keep-alive to load with. Zero is a Go duration Ollama accepts, but a model loaded with it is
   * unloaded at once, which no one asking for a load wants.
   */
  static KeepAlive keepAlive(String text) {
    KeepAlive keepAlive = KeepAlive.parse(text);
    if (keepAlive.duration().isZero()) {
      throw new IllegalArgumentException(
          "a keep-alive of "
              + text.strip()
              + " unloads the model as soon as it has loaded: give one like 15m, or -1m for"
              + " forever");
    }
    return keepAlive;
  }

  /** A positive Go duration such as {@code 120s} or {@code 2m}. */
  static Duration timeout(String text) {
    Duration duration = KeepAlive.parse(text).duration();
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a timeout: give one like 120s or 2m");
    }
    return duration;
  }

  /**
   * An Ollama address, checked now as OLLAMA_HOST rules read it, so that a bad one is reported
   * where it was given (the flag, the config file) and not later as if it came from OLLAMA_HOST.
   */
  static String host(String text) {
    OllamaHost.parse(text);
    return text;
  }

  static EvictionStrategy eviction(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "all" -> EvictionStrategy.ALL;
      // lru is its first name, kept for existing configs: it was never least recently used.
      case "expiring", "lru" -> EvictionStrategy.EXPIRING_FIRST;
      default ->
          throw new IllegalArgumentException(
              "'" + text + "' is not an eviction: use all or expiring");
    };
  }

  static SizeSource sizeSource(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "table" -> SizeSource.TABLE;
      case "table+runtime" -> SizeSource.TABLE_AND_RUNTIME;
      default ->
          throw new IllegalArgumentException(
              "'" + text + "' is not a size source: use table or table+runtime");
    };
  }

  static String nvidiaSmi(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("empty path: give nvidia-smi's path, or leave it out");
    }
    return text;
  }

  static PlacementMode placement(String text) {
    return PlacementMode.parse(text);
  }

  /** A per-GPU margin: a size such as {@code 1GiB} or {@code 512MiB}, at most 64 GiB. */
  static ByteSize gpuMargin(String text) {
    ByteSize margin = ByteSize.parse(text);
    if (margin.bytes() > 64L << 30) {
      throw new IllegalArgumentException(
          "a GPU margin of "
              + text.strip()
              + " leaves no GPU any room: give the free memory to keep per GPU, like 1GiB");
    }
    return margin;
  }

  static GpuSelection gpu(String text) {
    return GpuSelection.parse(text);
  }

  /** The name the docs and the JSON use for a size source. */
  static String name(SizeSource source) {
    return source == SizeSource.TABLE ? "table" : "table+runtime";
  }

  private static <T> T convert(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** {@code --host}. */
  static final class Host implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(() -> host(value));
    }
  }

  /** {@code --lang}. */
  static final class Lang implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(() -> Language.checkFlag(value));
    }
  }

  /** {@code --evict}. */
  static final class Eviction implements ITypeConverter<EvictionStrategy> {
    @Override
    public EvictionStrategy convert(String value) {
      return Converters.convert(() -> eviction(value));
    }
  }

  /** {@code --gpu}. */
  static final class Gpu implements ITypeConverter<GpuSelection> {
    @Override
    public GpuSelection convert(String value) {
      return Converters.convert(() -> gpu(value));
    }
  }

  /** {@code --placement}. */
  static final class Placement implements ITypeConverter<PlacementMode> {
    @Override
    public PlacementMode convert(String value) {
      return Converters.convert(() -> placement(value));
    }
  }

  /** {@code --gpu-margin}. */
  static final class GpuMargin implements ITypeConverter<ByteSize> {
    @Override
    public ByteSize convert(String value) {
      return Converters.convert(() -> gpuMargin(value));
    }
  }

  /** {@code --nvidia-smi}. */
  static final class NvidiaSmi implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(() -> nvidiaSmi(value));
    }
  }

  /** {@code --estimate}. */
  static final class Estimate implements ITypeConverter<EstimateMode> {
    @Override
    public EstimateMode convert(String value) {
      return Converters.convert(() -> EstimateMode.parse(value));
    }
  }

  /** {@code --size-source}. */
  static final class Sizes implements ITypeConverter<SizeSource> {
    @Override
    public SizeSource convert(String value) {
      return Converters.convert(() -> sizeSource(value));
    }
  }
}
