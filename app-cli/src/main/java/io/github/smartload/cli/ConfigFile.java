package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.EvictionStrategy;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.PlacementMode;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.proc.GpuSelection;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings a config file holds, each optional: a flag or the environment still overrides them
 * ({@link SettingsResolver}). {@code sizes} add to (or replace entries of) the default table.
 */
record ConfigFile(
    Path path,
    Optional<String> host,
    Map<ModelName, ByteSize> sizes,
    Optional<ByteSize> threshold,
    Optional<BigDecimal> margin,
    Optional<KeepAlive> keepAlive,
    Optional<EvictionStrategy> evict,
    Optional<List<ModelName>> pin,
    Optional<SizeSource> sizeSource,
    Optional<GpuSelection> gpu,
    Optional<String> nvidiaSmi,
    Optional<PlacementMode> placement,
    Optional<ByteSize> gpuMargin,
    Optional<EstimateMode> estimate,
    Map<String, String> ollamaServer,
    ServeSettings serve) {

  ConfigFile {
    ollamaServer = Map.copyOf(ollamaServer);
  }

  /** No file: every setting comes from flags, the environment or the defaults. */
  static ConfigFile none() {
    return new ConfigFile(
        Path.of(""),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        ServeSettings.none());
  }

  boolean exists() {
    return !path.toString().isEmpty();
  }
}
