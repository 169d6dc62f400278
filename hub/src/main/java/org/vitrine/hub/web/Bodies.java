package org.vitrine.hub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.ext.web.RoutingContext;
import java.util.stream.Collectors;
import org.vitrine.hub.events.Json;

/**
 * Reads a REST body into a record, strictly: an unknown field, a wrong type or broken JSON is a
 * 400 that names the field (an operator's typo must not be silently dropped).
 */
public final class Bodies {

  private static final ObjectMapper STRICT = Json.MAPPER.copy()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private Bodies() {
  }

  /** The body as {@code type}, or null after answering 400. */
  public static <T> T read(RoutingContext ctx, Class<T> type) {
    String body = ctx.body() == null ? null : ctx.body().asString();
    if (body == null || body.isBlank()) {
      ApiErrors.invalid(ctx, "(body)", "a JSON object is required");
      return null;
    }
    try {
      T value = STRICT.readValue(body, type);
      if (value == null) {
        ApiErrors.invalid(ctx, "(body)", "a JSON object is required");
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      ApiErrors.invalid(ctx, path(e), "unknown field; known fields: " + e.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", ")));
    } catch (InvalidFormatException e) {
      ApiErrors.invalid(ctx, path(e), "expected " + simple(e.getTargetType()) + ", got '" + e.getValue() + "'");
    } catch (MismatchedInputException e) {
      ApiErrors.invalid(ctx, path(e), "expected " + simple(e.getTargetType()));
    } catch (JsonMappingException e) {
      ApiErrors.invalid(ctx, path(e), e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      ApiErrors.invalid(ctx, "(body)", "not valid JSON: " + e.getOriginalMessage());
    }
    return null;
  }

  private static String simple(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a text";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }

  /** "then.priority", "items[2].seconds" from Jackson's reference chain. */
  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.isEmpty() ? "(body)" : sb.toString();
  }
}
