package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Prints how far three estimates land from what llama.cpp allocated, over every truth row: the
 * seed's margin, Ollama's own predictor and the footprint. Run by {@code
 * bench/footprint-accuracy.sh}; its output is the README's accuracy table.
 */
public final class FootprintAccuracy {

  private FootprintAccuracy() {}

  /** Arguments: the truth file (default: the test resource), then {@code --rows} for each run. */
  public static void main(String[] args) throws IOException {
    List<TruthRow> rows =
        args.length > 0 ? TruthRow.fromFile(Path.of(args[0])) : TruthRow.fromResource();
    print(rows, System.out);
    if (args.length > 1 && args[1].equals("--rows")) {
      System.out.println();
      for (TruthRow row : rows) {
        System.out.printf(
            Locale.ROOT,
            "%-60s footprint %+.2f%%%n",
            row,
            (footprint(row) - row.measuredTotal()) * 100.0 / row.measuredTotal());
      }
    }
  }

  static void print(List<TruthRow> rows, PrintStream out) {
    out.printf(Locale.ROOT, "%d runs of the real llama.cpp engine%n%n", rows.size());
    out.println("| estimate | median error | worst error |");
    out.println("|---|---|---|");
    line(out, "seed's margin (file size x 1.2)", rows, FootprintAccuracy::margin);
    line(out, "Ollama's predictor (file + f16 KV)", rows, FootprintAccuracy::ollamaPredictor);
    line(out, "smartload's footprint", rows, FootprintAccuracy::footprint);
  }

  private static void line(
      PrintStream out, String name, List<TruthRow> rows, ToLongFunction<TruthRow> estimate) {
    double[] errors =
        rows.stream()
            .mapToDouble(
                row ->
                    Math.abs(estimate.applyAsLong(row) - row.measuredTotal())
                        * 100.0
                        / row.measuredTotal())
            .sorted()
            .toArray();
    int n = errors.length;
    double median = n % 2 == 1 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2;
    double worst = Arrays.stream(errors).max().orElse(0);
    out.printf(Locale.ROOT, "| %s | %.1f%% | %.1f%% |%n", name, median, worst);
  }

  static long margin(TruthRow row) {
    return Math.round(row.number("file_bytes") * 1.2);
  }

  /** Ollama's own prediction, as the decision computes it for Ollama's 80% rule. */
  static long ollamaPredictor(TruthRow row) {
    return OllamaVramPrediction.of(
            row.facts(), row.settings(), ByteSize.ofBytes(row.number("file_bytes")))
        .bytes()
        .bytes();
  }

  static long footprint(TruthRow row) {
    return Footprint.estimate(row.facts(), row.settings())
        .footprint()
        .orElseThrow()
        .total()
        .bytes();
  }
}
