package io.github.smartload.cli.dist;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads the release archives without dpkg: a {@code .tar.gz} and a {@code .deb} (an ar archive
 * holding {@code control.tar.gz} and {@code data.tar.gz}, as jdeb writes it). Enough of the formats
 * for the tests to list entries, their modes and contents.
 */
final class Archives {

  private Archives() {}

  /** One entry of a tar archive. */
  record Entry(String name, int mode, char type, byte[] content) {
    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  /** The entries of a gzipped tar, by name ({@code ./} stripped), in archive order. */
  static Map<String, Entry> tarGz(InputStream in) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    try (InputStream tar = new GZIPInputStream(in)) {
      String longName = null;
      while (true) {
        byte[] header = tar.readNBytes(512);
        if (header.length < 512 || header[0] == 0) {
          return entries;
        }
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        int mode = (int) octal(header, 100, 8);
        long size = octal(header, 124, 12);
        char type = (char) (header[156] == 0 ? '0' : header[156]);
        byte[] content = tar.readNBytes((int) size);
        tar.readNBytes((int) ((512 - size % 512) % 512));
        if (type == 'L') { // GNU long name: the next entry's name is this entry's content
          longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
          continue;
        }
        if (longName != null) {
          name = longName;
          longName = null;
        }
        name = name.startsWith("./") ? name.substring(2) : name;
        entries.put(name, new Entry(name, mode, type, content));
      }
    }
  }

  /** The members of an ar archive (a .deb), by name. */
  static Map<String, byte[]> ar(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String magic = new String(bytes, 0, 8, StandardCharsets.US_ASCII);
    if (!magic.equals("!<arch>\n")) {
      throw new IOException(file + " is not an ar archive");
    }
    Map<String, byte[]> members = new LinkedHashMap<>();
    int at = 8;
    while (at + 60 <= bytes.length) {
      String name = new String(bytes, at, 16, StandardCharsets.US_ASCII).strip();
      int size =
          Integer.parseInt(new String(bytes, at + 48, 10, StandardCharsets.US_ASCII).strip());
      name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      byte[] content = new byte[size];
      System.arraycopy(bytes, at + 60, content, 0, size);
      members.put(name, content);
      at += 60 + size + (size % 2);
    }
    return members;
  }

  /** A .deb's control and data archives. */
  record Deb(Map<String, Entry> control, Map<String, Entry> data) {
    static Deb read(Path file) throws IOException {
      Map<String, byte[]> members = ar(file);
      return new Deb(
          tarGz(new ByteArrayInputStream(members.get("control.tar.gz"))),
          tarGz(new ByteArrayInputStream(members.get("data.tar.gz"))));
    }

    /** The control file's fields; continuation lines are joined to their field. */
    Map<String, String> fields() {
      Map<String, String> fields = new LinkedHashMap<>();
      String last = null;
      for (String line : control.get("control").text().split("\n")) {
        if (line.startsWith(" ") && last != null) {
          fields.put(last, fields.get(last) + "\n" + line.strip());
        } else if (line.contains(":")) {
          last = line.substring(0, line.indexOf(':'));
          fields.put(last, line.substring(line.indexOf(':') + 1).strip());
        }
      }
      return fields;
    }
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length) {
    String text = field(header, offset, length).strip();
    return text.isEmpty() ? 0 : Long.parseLong(text, 8);
  }
}
