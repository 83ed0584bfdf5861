package io.github.smartload.core.size;

import io.github.smartload.core.ModelName;
import io.github.smartload.core.SmartloadException;
import java.util.List;

/** {@code --estimate architecture} was asked for a model whose facts a footprint lacks. */
public final class FactsMissingException extends SmartloadException {

  public FactsMissingException(ModelName model, List<String> missing) {
    super(
        "the footprint of "
            + model
            + " cannot be computed (missing facts: "
            + String.join(", ", missing)
            + "); use --estimate auto or margin to decide by size x margin");
  }
}
