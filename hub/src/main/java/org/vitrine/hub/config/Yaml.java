package org.vitrine.hub.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Strict YAML reading: unknown or mistyped fields are errors that name file, line and field. */
final class Yaml {

  private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

  private Yaml() {
  }

  private static String line(JsonLocation where) {
    return where == null || where.getLineNr() < 1 ? "" : " (line " + where.getLineNr() + ")";
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  private static java.util.Optional<Integer> lineOf(byte[] yaml, String key) {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile("(^|[\\s{,-])" + java.util.regex.Pattern.quote(key) + "\\s*:");
    String[] lines = new String(yaml, java.nio.charset.StandardCharsets.UTF_8).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (p.matcher(lines[i]).find()) {
        return java.util.Optional.of(i + 1);
      }
    }
    return java.util.Optional.empty();
  }

  static <T> T read(Path file, Class<T> type, boolean optional) {
    if (!Files.exists(file)) {
      if (optional) {
        return null;
      }
      throw new ConfigException(file + ": file not found");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    try {
      if (bytes.length == 0) {
        throw new ConfigException(file + ": file is empty");
      }
      return MAPPER.readValue(bytes, type);
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof JsonMappingException)) {
        throw new ConfigException(file + ": not valid YAML: " + oneLine(syntax.getOriginalMessage()) + line(syntax.getLocation()));
      }
      String field = e.getPath().stream()
          .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
          .reduce("", String::concat);
      // The token's own location, not the parser's position after it.
      JsonLocation where = e.getProcessor() instanceof JsonParser p ? p.currentTokenLocation() : e.getLocation();
      String at = line(where);
      if (e instanceof UnrecognizedPropertyException u) {
        // Records buffer their properties, so the parser is already past the typo: find its line.
        at = lineOf(bytes, u.getPropertyName()).map(n -> " (line " + n + ")").orElse(at);
      }
      throw new ConfigException(file + ": " + (field.isEmpty() ? "" : field.substring(field.startsWith(".") ? 1 : 0) + ": ")
          + e.getOriginalMessage().split("\n")[0] + at);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + ": not valid YAML: " + oneLine(e.getOriginalMessage()) + line(e.getLocation()));
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
  }
}
