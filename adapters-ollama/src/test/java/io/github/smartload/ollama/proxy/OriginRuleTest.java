package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ollama's origin rule (envconfig.AllowedOrigins, gin-contrib/cors v1.7 with AllowWildcard). */
class OriginRuleTest {

  private final OriginRule defaults = OriginRule.ollama(Optional.empty());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost",
        "https://localhost",
        "http://localhost:3000",
        "https://127.0.0.1:8443",
        "http://0.0.0.0:8080",
        "app://obsidian.md",
        "file://",
        "tauri://localhost",
        "vscode-webview://abc",
        "vscode-file://vscode-app"
      })
  void ollamaAllowsLocalPagesAndAppsByDefault(String origin) {
    assertThat(defaults.allows(origin, "127.0.0.1:11435")).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://evil.example",
        "null",
        "chrome-extension://abcdef",
        "http://192.168.1.5:3000",
        "https://localhost.evil.example"
      })
  void ollamaRefusesOtherOriginsByDefault(String origin) {
    assertThat(defaults.allows(origin, "127.0.0.1:11435")).isFalse();
  }

  @Test
  void noOriginOrThePagesOwnHostIsNoCrossOriginRequest() {
    assertThat(defaults.allows(null, "box:11435")).isTrue();
    assertThat(defaults.allows("", "box:11435")).isTrue();
    assertThat(defaults.allows("http://box:11435", "box:11435")).isTrue();
    assertThat(defaults.allows("http://box:11435", "other:11435")).isFalse();
  }

  @Test
  void ollamaOriginsAddsExactWildcardAndRegexEntriesAfterStrippingQuotes() {
    OriginRule rule =
        OriginRule.ollama(
            Optional.of(
                " \"https://App.Example,https://*.corp.example,chrome-extension://*,/^https://x[0-9]$/\" "));

    assertThat(rule.allows("https://app.example", "h")).isTrue();
    assertThat(rule.allows("https://chat.corp.example", "h")).isTrue();
    assertThat(rule.allows("chrome-extension://abcdef", "h")).isTrue();
    assertThat(rule.allows("https://x7", "h")).isTrue();
    assertThat(rule.allows("https://evil.example", "h")).isFalse();
    assertThat(rule.allows("http://localhost:5173", "h")).as("defaults stay").isTrue();
  }

  @Test
  void aLoneStarAllowsEveryOrigin() {
    assertThat(OriginRule.ollama(Optional.of("*")).allows("http://evil.example", "h")).isTrue();
  }
}
