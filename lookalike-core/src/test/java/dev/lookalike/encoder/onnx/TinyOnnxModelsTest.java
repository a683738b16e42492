package dev.lookalike.encoder.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.lookalike.encoder.onnx.ImagePreprocessing.Layout;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written protobuf is what ONNX Runtime expects: wire-format examples, and every model loads. */
class TinyOnnxModelsTest {

    @Test
    void varintsAndLengthDelimitedFieldsFollowTheWireFormat() {
        // the protobuf encoding guide's examples: field 1 = 150 is 08 96 01; field 2 = "testing" is 12 07 74 65 73 74 69 6e 67
        TinyOnnxModels.Proto p = new TinyOnnxModels.Proto();
        p.varint(1, 150);
        p.string(2, "testing");
        assertThat(p.bytes()).containsExactly(0x08, 0x96, 0x01, 0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67);

        TinyOnnxModels.Proto negative = new TinyOnnxModels.Proto();
        negative.varint(1, -1); // int64 -1: ten bytes
        assertThat(negative.bytes()).containsExactly(0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);

        TinyOnnxModels.Proto floats = new TinyOnnxModels.Proto();
        floats.packedFloats(4, new float[] {1f, -2f}); // tag (4 << 3) | 2 = 0x22, 8 bytes little-endian
        assertThat(floats.bytes()).containsExactly(0x22, 0x08, 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0);

        TinyOnnxModels.Proto high = new TinyOnnxModels.Proto();
        high.varint(20, 7); // AttributeProto.type: tag (20 << 3) | 0 = 160 = a0 01
        assertThat(high.bytes()).containsExactly(0xa0, 0x01, 0x07);
    }

    @Test
    void cnnLoadsWithItsDeclaredShapes() throws Exception {
        Map<String, long[]> in = inputs(TinyOnnxModels.cnn(1, 32, 24).onnx());
        assertThat(in).containsOnlyKeys("image");
        assertThat(in.get("image")).containsExactly(-1, 3, 32, 24);
        assertThat(outputs(TinyOnnxModels.cnn(1, 32, 24).onnx()).get("features")).containsExactly(-1, 8, 16, 12);

        byte[] nhwcBatch1 = TinyOnnxModels.cnn(1, 32, 32, Layout.NHWC, 1).onnx();
        assertThat(inputs(nhwcBatch1).get("image")).containsExactly(1, 32, 32, 3);
        assertThat(outputs(nhwcBatch1).get("features")).containsExactly(1, 8, 16, 16);

        byte[] symbolic = TinyOnnxModels.cnn(1, "H", "W", Layout.NCHW, "N").onnx();
        assertThat(inputs(symbolic).get("image")).containsExactly(-1, 3, -1, -1);

        Map<String, long[]> two = outputs(TinyOnnxModels.cnnWithTwoOutputs(1, 32).onnx());
        assertThat(two.keySet()).containsExactly("channel_means", "features");
        assertThat(two.get("channel_means")).containsExactly(-1, 3, 1, 1);
    }

    @Test
    void pooledAndTokenModelsLoadWithTheirDeclaredShapes() throws Exception {
        assertThat(outputs(TinyOnnxModels.pooled(2, 16, 16, Layout.NCHW, false).onnx()).get("embedding"))
                .containsExactly(-1, 16);
        assertThat(outputs(TinyOnnxModels.pooled(2, 16, 16, Layout.NCHW, true).onnx()).get("embedding"))
                .containsExactly(-1, -1);
        assertThat(inputs(TinyOnnxModels.pooled(2, 16, 16, Layout.NHWC, false).onnx()).get("image"))
                .containsExactly(-1, 16, 16, 3);
        assertThat(outputs(TinyOnnxModels.tokens(3, 32, 8, 12).onnx()).get("tokens")).containsExactly(-1, 16, 12);
    }

    @Test
    void nonImageModelsLoad() throws Exception {
        assertThat(inputs(TinyOnnxModels.vectorModel(4)).get("values")).containsExactly(-1, 10);
        assertThat(inputs(TinyOnnxModels.greyModel(8)).get("image")).containsExactly(-1, 1, 8, 8);
        assertThat(inputs(TinyOnnxModels.twoInputModel(8))).containsOnlyKeys("a", "b");
    }

    @Test
    void weightsAreSeededAndCopied() {
        TinyOnnxModels.ConvModel a = TinyOnnxModels.cnn(7, 16, 16);
        TinyOnnxModels.ConvModel b = TinyOnnxModels.cnn(7, 16, 16);
        assertThat(a.weight()).containsExactly(b.weight());
        assertThat(a.onnx()).containsExactly(b.onnx());
        assertThat(TinyOnnxModels.cnn(8, 16, 16).weight()).isNotEqualTo(a.weight());
        a.weight()[0] = 42f;
        assertThat(a.weight()[0]).isNotEqualTo(42f);
        assertThat(a.weight()).hasSize(8 * 3 * 3 * 3);
        assertThat(a.bias()).hasSize(8);
    }

    private static Map<String, long[]> inputs(byte[] model) throws Exception {
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(model)) {
            return shapes(s.getInputInfo());
        }
    }

    private static Map<String, long[]> outputs(byte[] model) throws Exception {
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(model)) {
            return shapes(s.getOutputInfo());
        }
    }

    private static Map<String, long[]> shapes(Map<String, NodeInfo> infos) {
        java.util.LinkedHashMap<String, long[]> out = new java.util.LinkedHashMap<>();
        infos.forEach((name, info) -> out.put(name, ((TensorInfo) info.getInfo()).getShape()));
        return out;
    }
}
