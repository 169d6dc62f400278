package org.vitrine.voice.pipeline;

import java.util.Optional;
import org.vitrine.voice.dialogue.Shopper;

/**
 * Who is standing at a speaker, for "what do you recommend for me". Called on a recognition worker
 * thread for each recommend question: answer from memory (the hub's presence cache), never block.
 */
@FunctionalInterface
public interface ShopperLocator {

  ShopperLocator NOBODY = (siteId, zone) -> Optional.empty();

  Optional<Shopper> shopperAt(String siteId, String zone);
}
