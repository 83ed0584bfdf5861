package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The vectors of Ollama's envconfig {@code config_test.go}, plus the client's loopback rule. */
class OllamaHostTest {

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\"\"", "''"})
  void unsetOrEmptyMeansLocalDefault(String value) {
    assertThat(OllamaHost.parse(value).toString()).isEqualTo("http://127.0.0.1:11434/");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.2.3.4                     | http://1.2.3.4:11434/",
        "1.2.3.4:1234                | http://1.2.3.4:1234/",
        ":1234                       | http://127.0.0.1:1234/",
        "example.com                 | http://example.com:11434/",
        "example.com:1234            | http://example.com:1234/",
        "0.0.0.0                     | http://127.0.0.1:11434/",
        "0.0.0.0:1234                | http://127.0.0.1:1234/",
        "::1                         | http://[::1]:11434/",
        "[::1]:1234                  | http://[::1]:1234/",
        "::                          | http://[::1]:11434/",
        "[::]:1234                   | http://[::1]:1234/",
        "http://1.2.3.4              | http://1.2.3.4/",
        "http://1.2.3.4:1234         | http://1.2.3.4:1234/",
        "https://1.2.3.4             | https://1.2.3.4/",
        "https://1.2.3.4:1234        | https://1.2.3.4:1234/",
        "https://example.com/ollama  | https://example.com/ollama/",
        "http://example.com/a/b/     | http://example.com/a/b/",
        "1.2.3.4:99999               | http://1.2.3.4:11434/",
        "1.2.3.4:port                | http://1.2.3.4:11434/",
      })
  void resolvesLikeOllama(String value, String expected) {
    assertThat(OllamaHost.parse(value).toString()).isEqualTo(expected);
  }

  @Test
  void httpWithoutPortMeansPort80() {
    assertThat(OllamaHost.parse("http://1.2.3.4").port()).isEqualTo(80);
    assertThat(OllamaHost.parse("https://1.2.3.4").port()).isEqualTo(443);
  }

  @ParameterizedTest
  @ValueSource(strings = {"  1.2.3.4  ", "\"1.2.3.4\"", "'1.2.3.4'", " \" 1.2.3.4 \" "})
  void stripsSpacesAndQuotes(String value) {
    assertThat(OllamaHost.parse(value).toString()).isEqualTo("http://1.2.3.4:11434/");
  }

  @Test
  void anotherSchemeIsMalformed() {
    assertThatThrownBy(() -> OllamaHost.parse("ftp://1.2.3.4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("OLLAMA_HOST 'ftp://1.2.3.4' is malformed: the scheme must be")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aHostWithSpacesIsMalformed() {
    assertThatThrownBy(() -> OllamaHost.parse("my host:1234"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'my host' is not a host name or an IP address");
  }

  @Test
  void displayDropsTheTrailingSlash() {
    assertThat(OllamaHost.display(OllamaHost.parse(null))).isEqualTo("http://127.0.0.1:11434");
  }
}
