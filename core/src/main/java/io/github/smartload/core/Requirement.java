package io.github.smartload.core;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a model needs free before it loads, and by which rule that was reckoned.
 *
 * @param size the model's size as shown in the log: its weights
 * @param required the memory the load must find available
 * @param rule {@link Rule#MARGIN}: size x margin, the seed's rule; {@link Rule#FOOTPRINT}: weights
 *     + KV cache + buffers at the context it will run at
 */
public record Requirement(ByteSize size, ByteSize required, Rule rule) {

  /** How a requirement was reckoned. */
  public enum Rule {
    MARGIN,
    FOOTPRINT
  }

  public Requirement {
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(required, "required");
    Objects.requireNonNull(rule, "rule");
  }

  /** The seed's rule: size x margin. */
  public static Requirement byMargin(ByteSize size, BigDecimal margin) {
    return new Requirement(size, size.times(margin), Rule.MARGIN);
  }
}
