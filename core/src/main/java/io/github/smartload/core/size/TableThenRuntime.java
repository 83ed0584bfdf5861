package io.github.smartload.core.size;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.SizeTable;
import io.github.smartload.core.port.ModelReader;
import java.util.Objects;
import java.util.Optional;

/**
 * The size table first, else the runtime's figure for the installed model; with {@link
 * SizeSource#TABLE} a model not in the table is assumed small, as the original did.
 */
public final class TableThenRuntime implements Sizing {

  private final SizeTable table;
  private final SizeSource source;
  private final ModelReader runtime;

  public TableThenRuntime(SizeTable table, SizeSource source, ModelReader runtime) {
    this.table = Objects.requireNonNull(table, "table");
    this.source = Objects.requireNonNull(source, "source");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  @Override
  public ModelSize sizeOf(ModelName model) {
    Optional<ByteSize> listed = table.sizeOf(model);
    if (listed.isPresent()) {
      return new ModelSize.Known(listed.get(), ModelSize.Source.TABLE);
    }
    Optional<ByteSize> reported = runtime.sizeOf(model);
    if (reported.isPresent()) {
      return new ModelSize.Estimated(reported.get(), ModelSize.Source.RUNTIME);
    }
    if (source == SizeSource.TABLE) {
      return new ModelSize.Estimated(ByteSize.ZERO, ModelSize.Source.ASSUMED_SMALL);
    }
    return new ModelSize.Unknown(model);
  }
}
