package io.github.smartload.cli;

import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.SizeTable;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code smartload sizes}: the effective size table and where each entry came from. */
@Command(
    mixinStandardHelpOptions = true,
    name = "sizes",
    description = "Show the effective size table and where each entry came from.")
final class SizesCommand implements Callable<Integer> {

  @ParentCommand SmartloadCommand parent;

  @Spec CommandSpec spec;

  private final Invocation invocation;

  @Inject
  SizesCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    Invocation.Started run = invocation.start(parent.options(), spec);
    Console console = run.console();
    LoadPolicy policy = run.settings().policy();
    List<SizeTable.Entry> entries = policy.sizeTable().entries();
    if (console.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      List<Map<String, Object>> sizes = new ArrayList<>();
      for (SizeTable.Entry entry : entries) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("model", entry.model().toString());
        row.put("sizeBytes", entry.size().bytes());
        row.put("origin", entry.origin());
        sizes.add(row);
      }
      json.put("sizes", sizes);
      json.put("thresholdBytes", policy.largeThreshold().bytes());
      json.put("margin", policy.margin().doubleValue());
      json.put("sizeSource", Converters.name(policy.sizeSource()));
      console.json(json);
      return ExitCode.DONE;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"MODEL", "SIZE", "FROM"});
    for (SizeTable.Entry entry : entries) {
      rows.add(new String[] {entry.model().toString(), entry.size().toString(), entry.origin()});
    }
    Table.render(rows).forEach(console::line);
    console.line("");
    console.line(
        "Large from "
            + policy.largeThreshold()
            + ", margin x"
            + policy.margin().stripTrailingZeros().toPlainString()
            + ", size source "
            + Converters.name(policy.sizeSource())
            + (Converters.name(policy.sizeSource()).equals("table")
                ? ": models not listed are small"
                : ": models not listed are sized by Ollama"));
    return ExitCode.DONE;
  }
}
