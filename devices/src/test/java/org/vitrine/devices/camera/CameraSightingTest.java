package org.vitrine.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CameraSightingTest {

    @Test
    void theWireFormatIsAV1SightingWithEmbeddingAndQualityAndNoShopper() {
        float[] embedding = new float[FaceEmbedder.DIMENSION];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = (float) Math.sin(i);
        }
        Embeddings.normalise(embedding);
        JsonObject json = new JsonObject(new CameraSighting(1_764_000_000_000L, "cam-entrance-k3f9-7", embedding, 0.876543).toBuffer());
        assertThat(json.fieldNames()).containsExactlyInAnyOrder("v", "ts", "track", "quality", "embedding");
        assertThat(json.getInteger("v")).isEqualTo(1);
        assertThat(json.getLong("ts")).isEqualTo(1_764_000_000_000L);
        assertThat(json.getString("track")).isEqualTo("cam-entrance-k3f9-7");
        assertThat(json.getDouble("quality")).isEqualTo(0.877);
        assertThat(json.getJsonArray("embedding")).hasSize(128);
        assertThat(json.getJsonArray("embedding").getDouble(1)).isEqualTo(Math.round(embedding[1] * 10_000d) / 10_000d);
        assertThat(json.encode().length()).as("bytes on the wire").isLessThan(1_300);
    }

    @Test
    void roundingTo4DecimalsBarelyMovesACosine() {
        float[] a = new float[FaceEmbedder.DIMENSION];
        float[] b = new float[FaceEmbedder.DIMENSION];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(i * 0.7);
            b[i] = (float) Math.cos(i * 0.3);
        }
        Embeddings.normalise(a);
        Embeddings.normalise(b);
        double[] ra = Embeddings.round4(a);
        double[] rb = Embeddings.round4(b);
        float[] fa = new float[a.length];
        float[] fb = new float[b.length];
        for (int i = 0; i < a.length; i++) {
            fa[i] = (float) ra[i];
            fb[i] = (float) rb[i];
        }
        assertThat(Math.abs(Embeddings.cosine(a, b) - Embeddings.cosine(fa, fb))).isLessThan(0.001);
    }
}
