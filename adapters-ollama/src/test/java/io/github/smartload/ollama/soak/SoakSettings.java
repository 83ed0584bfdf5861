package io.github.smartload.ollama.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long and how hard the soak runs: {@code --minutes N} (or {@code SOAK_MINUTES}; default 10),
 * {@code --clients N} mixed clients (default 8), {@code --jar PATH} (default the shaded jar), and
 * {@code SOAK_PROXY_JAVA_OPTS} for the proxy's JVM.
 */
record SoakSettings(Duration duration, int clients, Path jar, List<String> jvmOptions) {

  static final Path DEFAULT_JAR = Path.of("app-cli/target/smartload.jar");

  SoakSettings {
    if (duration.compareTo(Duration.ofSeconds(30)) < 0
        || duration.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException(
          "the soak runs from 0.5 to 1440 minutes, not " + duration.toSeconds() + " s");
    }
    if (clients < 1 || clients > 64) {
      throw new IllegalArgumentException("--clients is from 1 to 64, not " + clients);
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          jar + " is missing: build it with ./mvnw -B -q -DskipTests package");
    }
    jvmOptions = List.copyOf(jvmOptions);
  }

  static SoakSettings parse(String[] args, Map<String, String> env) {
    String minutes = env.getOrDefault("SOAK_MINUTES", "10");
    String clients = "8";
    Path jar = DEFAULT_JAR;
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--minutes" -> minutes = required(args[i], value);
        case "--clients" -> clients = required(args[i], value);
        case "--jar" -> jar = Path.of(required(args[i], value));
        default ->
            throw new IllegalArgumentException(
                "unknown argument '" + args[i] + "'; use --minutes N, --clients N, --jar PATH");
      }
      i++;
    }
    String options = env.getOrDefault("SOAK_PROXY_JAVA_OPTS", "").strip();
    return new SoakSettings(
        Duration.ofMillis(Math.round(number("--minutes", minutes) * 60_000)),
        (int) number("--clients", clients),
        jar,
        options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+")));
  }

  /** The first sixth of the run, at most 10 s: the JIT and the pools settle before "start". */
  Duration warmUp() {
    Duration sixth = duration.dividedBy(6);
    return sixth.compareTo(Duration.ofSeconds(10)) < 0 ? sixth : Duration.ofSeconds(10);
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "%.1f min on %d cores (load average %s)",
        duration.toMillis() / 60_000.0,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }

  private static double number(String option, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not a number");
    }
  }
}
