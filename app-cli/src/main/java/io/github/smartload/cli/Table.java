package io.github.smartload.cli;

import java.util.ArrayList;
import java.util.List;

/** Lays out rows of text in left-aligned columns, two spaces apart, like {@code ollama ps}. */
final class Table {

  private Table() {}

  static List<String> render(List<String[]> rows) {
    int columns = rows.stream().mapToInt(row -> row.length).max().orElse(0);
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      lines.add(line.toString());
    }
    return lines;
  }
}
