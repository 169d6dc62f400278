package org.vitrine.voice.pipeline;

import org.vitrine.voice.catalog.ProductCatalog;
import org.vitrine.voice.dialogue.Responder;
import org.vitrine.voice.grammar.Grammar;
import org.vitrine.voice.grammar.GrammarBuilder;
import org.vitrine.voice.intent.IntentParser;
import org.vitrine.voice.intent.Interpreter;
import org.vitrine.voice.model.VoskModel;

/** Everything derived from one catalogue; swapped as a whole when the catalogue changes. */
record Understanding(ProductCatalog catalog, Grammar grammar, IntentParser parser, Interpreter interpreter,
    Responder responder) {

  static Understanding of(ProductCatalog catalog, VoskModel model) {
    IntentParser parser = new IntentParser(catalog);
    return new Understanding(catalog, GrammarBuilder.build(catalog, model::knowsWord), parser, new Interpreter(parser),
        new Responder(catalog));
  }
}
