package io.github.smartload.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.regex.Pattern;
import picocli.CommandLine.IVersionProvider;

/**
 * What this build is: its version and the git commit it was built from (both written into {@code
 * build.properties} by the build), and the Java runtime it runs on. {@code --version} prints it and
 * {@code serve} logs it at start, so a bug report names the exact build.
 */
public final class BuildInfo implements IVersionProvider {

  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{7,40}");

  /** One line: {@code smartload 0.1.0 (commit 0bc7a49) on Java 17.0.15+6 (Debian)}. */
  public static String line() {
    Properties build = read();
    String commit = build.getProperty("commit", "");
    // Built outside a git checkout (a source tarball) the build writes "unknown"; run from an IDE
    // without the build, there is no commit at all.
    String commitText = COMMIT.matcher(commit).matches() ? commit : "unknown";
    return "smartload "
        + build.getProperty("version", "unknown")
        + " (commit "
        + commitText
        + ") on Java "
        + System.getProperty("java.runtime.version", System.getProperty("java.version"))
        + " ("
        + System.getProperty("java.vendor", "unknown vendor")
        + ")";
  }

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }

  private static Properties read() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read smartload's build.properties", e);
    }
    return properties;
  }
}
