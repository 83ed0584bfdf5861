package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command in English and in German: a German run prints no English phrase that has a German
 * translation (and the other way round), so no line is half translated.
 */
class LanguageTest {

  @TempDir static Path home;

  /** A command run against fresh fakes, so that both languages see the same machine. */
  record Scenario(String name, Function<FakeAdapters, FakeAdapters> machine, List<String> args) {
    @Override
    public String toString() {
      return name;
    }

    Cli.Result run(String lang) {
      FakeAdapters fakes = machine.apply(new FakeAdapters("32", "23.7"));
      return Cli.at(home, fakes).env("LANG", lang).run(args.toArray(String[]::new));
    }
  }

  static Stream<Scenario> everyCommand() {
    Function<FakeAdapters, FakeAdapters> scenarioThree =
        fakes -> {
          fakes
              .runtime
              .install("qwen2.5:32b", "19")
              .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
          return fakes;
        };
    Function<FakeAdapters, FakeAdapters> down =
        fakes -> fakes.serving(new StatusCommandTest.Unreachable());
    return Stream.of(
        new Scenario("status", scenarioThree, List.of("status")),
        new Scenario("status, Ollama down", down, List.of("status")),
        new Scenario(
            "plan",
            Function.identity(),
            List.of("plan", "qwen2.5:32b", "--available", "18GB", "--loaded", "qwen3:8b=5.7GB")),
        new Scenario("load", scenarioThree, List.of("load", "qwen2.5:32b")),
        new Scenario("load, Ollama down", down, List.of("load", "qwen2.5:32b")),
        new Scenario("unload", scenarioThree, List.of("unload", "--all")),
        new Scenario("doctor", scenarioThree, List.of("doctor", "--systemd-root", home.toString())),
        new Scenario("doctor, Ollama down", down, List.of("doctor")),
        new Scenario(
            "doctor, a GPU the model does not use",
            fakes -> {
              fakes.gpus.add(GpuCommandsTest.rtx4090());
              return scenarioThree.apply(fakes);
            },
            List.of("doctor", "--systemd-root", home.toString())),
        new Scenario(
            "doctor, GPU tool failing",
            fakes -> {
              fakes.gpusFailing("nvidia-smi cannot talk to the NVIDIA driver");
              return fakes;
            },
            List.of("doctor", "--systemd-root", home.toString())),
        new Scenario("sizes", Function.identity(), List.of("sizes")),
        new Scenario("usage error", Function.identity(), List.of("load")),
        new Scenario("serve, bad address", Function.identity(), List.of("serve", "--listen", "x")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyCommand")
  void eachLanguageSpeaksOnlyItself(Scenario scenario) throws IOException {
    Bundle english = Bundle.of("messages.properties", "messages_de.properties");
    Bundle german = Bundle.of("messages_de.properties", "messages.properties");

    List<String> inEnglish = lines(scenario.run("en_US.UTF-8"));
    List<String> inGerman = lines(scenario.run("de_DE.UTF-8"));

    assertThat(inGerman).as("output in German").isNotEmpty();
    for (String line : inGerman) {
      assertThat(english.rendered(line))
          .as("an English line where German exists: %s", line)
          .isFalse();
      assertThat(german.rendered(line) && english.hasPhrase(line))
          .as("a half-translated line: %s", line)
          .isFalse();
    }
    for (String line : inEnglish) {
      assertThat(german.rendered(line)).as("a German line in English: %s", line).isFalse();
      assertThat(english.rendered(line) && german.hasPhrase(line))
          .as("a half-translated line: %s", line)
          .isFalse();
    }
    // Not passed by saying nothing: where the English run used the bundle, so did the German.
    if (inEnglish.stream().anyMatch(english::rendered)) {
      assertThat(inGerman).anyMatch(german::rendered);
    }
  }

  @Test
  void anUnknownLanguageIsABadOption() {
    Cli.Result result = Cli.at(home).run("sizes", "--lang", "xx");

    assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith(
            "smartload: Invalid value for option '--lang': 'xx' is not a language smartload"
                + " speaks: use en or de");
  }

  @Test
  void knownLanguagesAreAcceptedAsLocalesWriteThem() {
    assertThat(Cli.at(home).run("sizes", "--lang", "de_DE.UTF-8").out()).contains("HERKUNFT");
    assertThat(Cli.at(home).run("sizes", "--lang", "EN").out()).contains("FROM");
  }

  private static List<String> lines(Cli.Result result) {
    List<String> lines = new ArrayList<>(result.out().lines().toList());
    lines.addAll(result.err().lines().toList());
    return lines;
  }

  /**
   * The messages of one bundle that the other words differently: as patterns (a line that holds
   * such a message, its placeholders filled by anything) and as phrases (their literal parts long
   * enough to be words of that language, not shared tokens).
   */
  record Bundle(List<Pattern> messages, List<Pattern> phrases) {

    static Bundle of(String bundle, String other) throws IOException {
      Properties mine = load(bundle);
      Properties theirs = load(other);
      List<Pattern> messages = new ArrayList<>();
      List<Pattern> phrases = new ArrayList<>();
      for (String key : mine.stringPropertyNames()) {
        String text = mine.getProperty(key);
        String translated = theirs.getProperty(key);
        // Said the same in both, or not translated yet (a new English message waits for its German
        // one): no line to hold against either language.
        if (translated == null || text.equals(translated)) {
          continue;
        }
        StringBuilder pattern = new StringBuilder(".*");
        boolean worded = false;
        for (String part : text.split("\\{\\d+\\}", -1)) {
          pattern.append(Pattern.quote(part)).append(".*");
          String phrase = part.strip();
          if (phrase.length() >= 6 && !translated.contains(phrase)) {
            worded = true;
            phrases.add(Pattern.compile("(?<![\\w-])" + Pattern.quote(phrase) + "(?![\\w-])"));
          }
        }
        // phrase.* messages are parts of lines: judged as phrases, not as lines.
        if (worded && !key.startsWith("phrase.")) {
          messages.add(Pattern.compile(pattern.substring(0, pattern.length() - 2) + ".*"));
        }
      }
      return new Bundle(messages, phrases);
    }

    /** The line holds one of these messages. */
    boolean rendered(String line) {
      return messages.stream().anyMatch(message -> message.matcher(line).matches());
    }

    /** The line holds a phrase of this language. */
    boolean hasPhrase(String line) {
      return phrases.stream().anyMatch(phrase -> phrase.matcher(line).find());
    }
  }

  private static Properties load(String name) throws IOException {
    Properties properties = new Properties();
    try (InputStream in = Messages.class.getResourceAsStream(name)) {
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return properties;
  }
}
