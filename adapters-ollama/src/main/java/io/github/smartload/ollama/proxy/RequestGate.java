package io.github.smartload.ollama.proxy;

import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * What is checked before the proxy does anything for a request: a request refused here causes no
 * smart load and never reaches Ollama.
 */
final class RequestGate {

  /**
   * Why a request is refused: the status, the body to answer (empty for none) and a note for the
   * log.
   */
  record Refusal(int status, String body, String note) {}

  private final OriginRule origins;

  RequestGate(OriginRule origins) {
    this.origins = origins;
  }

  Optional<Refusal> check(Request request) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (!origins.allows(origin, request.getHeaders().get(HttpHeader.HOST))) {
      // Ollama's own answer to it: 403 with no body (gin's AbortWithStatus).
      return Optional.of(new Refusal(403, "", "origin " + origin + " not allowed"));
    }
    Optional<String> header = HeaderBytes.unforwardable(request.getHeaders());
    if (header.isPresent()) {
      return Optional.of(
          new Refusal(
              400,
              StatusPage.error(
                  "smartload: the value of header "
                      + header.get()
                      + " is neither ASCII nor UTF-8, and cannot be forwarded unchanged"),
              "header not UTF-8"));
    }
    return Optional.empty();
  }
}
