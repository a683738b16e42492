/*
 * Writes descriptor-v2 vectors of every fashion-products image, one file per block (the other blocks' weights at 0,
 * so each file holds that block alone, L2-normalised), float32 little-endian, rows in the order of ids.txt.
 * Usage: java -cp lookalike-cli/target/lookalike.jar tools/descriptor-study/DumpDescriptorBlocks.java IDS DATA OUTDIR
 */
import dev.lookalike.encoder.ProductImageDescriptor;
import java.lang.reflect.*;
import java.io.*;
import java.nio.*;
import java.nio.file.*;
import java.util.*;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
public class DumpDescriptorBlocks {
  public static void main(String[] a) throws Exception {
    List<String> ids = Files.readAllLines(Path.of(a[0]));
    Constructor<ProductImageDescriptor> c = ProductImageDescriptor.class.getDeclaredConstructor(float.class,float.class,float.class,float.class);
    c.setAccessible(true);
    float[][] w = {{1,0,0,0},{0,1,0,0},{0,0,1,0},{0,0,0,1}};
    List<BufferedImage> imgs = new ArrayList<>();
    for (String id : ids) imgs.add(ImageIO.read(new File(a[1] + "/images/" + id + ".jpg")));
    for (int b = 0; b < 4; b++) {
      ProductImageDescriptor d = c.newInstance(w[b][0], w[b][1], w[b][2], w[b][3]);
      List<float[]> v = d.embedAll(imgs);
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(a[2] + "/block" + b + ".f32")))) {
        ByteBuffer bb = ByteBuffer.allocate(v.get(0).length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] x : v) { bb.clear(); bb.asFloatBuffer().put(x); out.write(bb.array()); }
      }
      System.out.println("block " + b + " dim " + v.get(0).length);
    }
  }
}
