package io.github.smartload.ollama.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Header values as bytes. Jetty reads each byte of a value as one ISO-8859-1 character; OkHttp
 * writes a value as UTF-8. So a value is handed to OkHttp decoded from its bytes as UTF-8, and
 * reaches Ollama byte for byte ({@code X-Lat: café}). A value whose bytes are not UTF-8 has no
 * string OkHttp would write back as the same bytes: the request is refused before anything is done
 * for it, rather than forwarded altered.
 */
final class HeaderBytes {

  private HeaderBytes() {}

  /** The value to give OkHttp so that it writes the bytes the client sent. */
  static String forUpstream(String jettyValue) {
    if (isAscii(jettyValue)) {
      return jettyValue;
    }
    return utf8(jettyValue).orElse(jettyValue);
  }

  /** The name of the first header whose value cannot be forwarded byte for byte, if any. */
  static Optional<String> unforwardable(HttpFields headers) {
    for (HttpField field : headers) {
      String value = field.getValue();
      if (value != null && !isAscii(value) && utf8(value).isEmpty()) {
        return Optional.of(field.getName());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> utf8(String jettyValue) {
    byte[] bytes = jettyValue.getBytes(StandardCharsets.ISO_8859_1);
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return Optional.of(decoder.decode(ByteBuffer.wrap(bytes)).toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static boolean isAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
