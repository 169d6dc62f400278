package org.vitrine.hub.support;

import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks through the WHOLE Redis for a string: key names, hash fields and values, stream entries,
 * strings, lists, sets, sorted sets. What an auditor would do to check that erasure erased.
 */
public final class RedisTraces {

  private RedisTraces() {
  }

  /** Every place the text occurs, as "key (type): where"; empty when there is none. */
  public static List<String> find(Redis redis, String text) {
    List<String> found = new ArrayList<>();
    String cursor = "0";
    do {
      Response page = redis.send(Request.cmd(Command.SCAN).arg(cursor).arg("COUNT").arg(1000)).await();
      cursor = page.get(0).toString();
      for (Response k : page.get(1)) {
        String key = k.toString();
        if (key.contains(text)) {
          found.add(key + ": key name");
        }
        String type = redis.send(Request.cmd(Command.TYPE).arg(key)).await().toString();
        switch (type) {
          case "hash" -> {
            Response all = redis.send(Request.cmd(Command.HGETALL).arg(key)).await();
            for (String field : pairs(all)) {
              if (field.contains(text)) {
                found.add(key + " (hash): " + abbreviate(field));
              }
            }
          }
          case "stream" -> {
            Response entries = redis.send(Request.cmd(Command.XRANGE).arg(key).arg("-").arg("+")).await();
            for (Response e : entries) {
              if (e.toString().contains(text)) {
                found.add(key + " (stream) entry " + e.get(0) + ": " + abbreviate(e.get(1).toString()));
              }
            }
          }
          case "string" -> {
            Response v = redis.send(Request.cmd(Command.GET).arg(key)).await();
            if (v != null && v.toString().contains(text)) {
              found.add(key + " (string): " + abbreviate(v.toString()));
            }
          }
          case "list" -> check(found, key, redis.send(Request.cmd(Command.LRANGE).arg(key).arg(0).arg(-1)).await(), text);
          case "set" -> check(found, key, redis.send(Request.cmd(Command.SMEMBERS).arg(key)).await(), text);
          case "zset" -> check(found, key, redis.send(Request.cmd(Command.ZRANGE).arg(key).arg(0).arg(-1)).await(), text);
          default -> found.add(key + ": type " + type + " not inspected");
        }
      }
    } while (!"0".equals(cursor));
    return found;
  }

  private static List<String> pairs(Response hash) {
    List<String> out = new ArrayList<>();
    if (hash.isMap()) {
      for (String k : hash.getKeys()) {
        out.add(k + " = " + hash.get(k));
      }
    } else {
      for (int i = 0; i + 1 < hash.size(); i += 2) {
        out.add(hash.get(i) + " = " + hash.get(i + 1));
      }
    }
    return out;
  }

  private static void check(List<String> found, String key, Response members, String text) {
    for (Response m : members) {
      if (m.toString().contains(text)) {
        found.add(key + ": " + abbreviate(m.toString()));
      }
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }
}
