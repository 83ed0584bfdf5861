package io.github.smartload.core.size;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.ModelSizeUnknownException;
import io.github.smartload.core.footprint.Estimate;
import io.github.smartload.core.footprint.Footprint;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.footprint.ResolvedContext;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.port.ModelReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a model requires before it loads: its footprint at the context Ollama will give it (weights
 * + KV cache + buffers), or size x margin where the footprint is not asked for or its facts are
 * missing. The size table and a given size state the weights only; the footprint adds the rest.
 */
public final class Requirements {

  /** What a margin fallback names when the runtime told no facts at all. */
  static final String NO_FACTS = "model facts";

  private final Sizing sizing;
  private final ModelReader runtime;
  private final BigDecimal margin;
  private final EstimateMode mode;
  private final ServerSettings server;

  public Requirements(
      Sizing sizing,
      ModelReader runtime,
      BigDecimal margin,
      EstimateMode mode,
      ServerSettings server) {
    this.sizing = Objects.requireNonNull(sizing, "sizing");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.margin = Objects.requireNonNull(margin, "margin");
    this.mode = Objects.requireNonNull(mode, "mode");
    this.server = Objects.requireNonNull(server, "server");
  }

  /** The seed's rule alone: {@code sizing}'s size x {@code margin}. */
  public static Requirements byMargin(Sizing sizing, ModelReader runtime, BigDecimal margin) {
    return new Requirements(
        sizing, runtime, margin, EstimateMode.MARGIN, ServerSettings.defaults());
  }

  public EstimateMode mode() {
    return mode;
  }

  public ServerSettings server() {
    return server;
  }

  /**
   * The estimate for loading {@code model}.
   *
   * @param given the weights when the caller knows better than the table and the runtime
   * @param numCtx the context the load asks for ({@code options.num_ctx}), if any
   * @throws ModelSizeUnknownException when neither a footprint nor a size can be had
   * @throws FactsMissingException in {@link EstimateMode#ARCHITECTURE} when facts are missing
   */
  public Estimate estimate(ModelName model, Optional<ByteSize> given, OptionalInt numCtx) {
    if (mode == EstimateMode.MARGIN) {
      return new Estimate.ByMargin(weights(model, given), margin, List.of());
    }
    Optional<InstalledModel> installed = runtime.installedModel(model);
    List<String> missing =
        installed.map(found -> found.facts().missingForFootprint()).orElse(List.of(NO_FACTS));
    if (!missing.isEmpty()) {
      if (mode == EstimateMode.ARCHITECTURE) {
        throw new FactsMissingException(model, missing);
      }
      return new Estimate.ByMargin(weights(model, given), margin, missing);
    }
    InstalledModel found = installed.get();
    ResolvedContext context = found.context(numCtx, server);
    Footprint footprint =
        Footprint.estimate(found.facts(), context.runSettings()).footprint().orElseThrow();
    Optional<ByteSize> stated = given.or(() -> tableSize(model));
    if (stated.isPresent()) {
      footprint =
          new Footprint(
              stated.get(),
              footprint.kvCache(),
              footprint.computeBuffer(),
              footprint.outputBuffer());
    }
    return new Estimate.ByFootprint(footprint, context);
  }

  /** Only a size the table states; the runtime's file size is what the footprint refines. */
  private Optional<ByteSize> tableSize(ModelName model) {
    return sizing.sizeOf(model) instanceof ModelSize.Known known
        ? Optional.of(known.size())
        : Optional.empty();
  }

  private ByteSize weights(ModelName model, Optional<ByteSize> given) {
    return given.orElseGet(
        () ->
            sizing
                .sizeOf(model)
                .bytes()
                .orElseThrow(() -> new ModelSizeUnknownException(model, runtime.describe())));
  }
}
