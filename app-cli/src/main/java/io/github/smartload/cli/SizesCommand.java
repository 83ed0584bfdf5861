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
    Messages text = console.messages();
    List<String[]> rows = new ArrayList<>();
    rows.add(text.text("sizes.header").split("\\|"));
    for (SizeTable.Entry entry : entries) {
      String origin =
          entry.origin().equals("default") ? text.text("phrase.origin.default") : entry.origin();
      rows.add(new String[] {entry.model().toString(), entry.size().toString(), origin});
    }
    Table.render(rows).forEach(console::line);
    console.line("");
    String sizeSource = Converters.name(policy.sizeSource());
    console.line(
        text.text(
            "sizes.summary",
            policy.largeThreshold(),
            policy.margin().stripTrailingZeros().toPlainString(),
            sizeSource,
            text.text(
                sizeSource.equals("table") ? "phrase.unlisted.small" : "phrase.unlisted.runtime")));
    return ExitCode.DONE;
  }
}
