package io.github.smartload.ollama.proxy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a malformed request, headers too large, a failure before the handler ran) in
 * Ollama's shape, {@code {"error": "..."}}: Ollama's clients parse that, never an HTML page.
 */
final class JsonErrors extends ErrorHandler {

  private static final String JSON = "application/json; charset=utf-8";

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    response.getHeaders().put(ERROR_CACHE_CONTROL);
    response.write(true, body(code, message), callback);
  }

  // Deprecated for removal in Jetty 12.1, yet still what it calls for a request it cannot parse
  // (headers too large: 431); without it that answer is HTML (ProxyTimeoutsTest holds it).
  @SuppressWarnings("removal")
  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, JSON));
    return body(status, reason);
  }

  private static ByteBuffer body(int code, String message) {
    String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    String json = StatusPage.error("smartload: " + reason);
    return ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
  }
}
