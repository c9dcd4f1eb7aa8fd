package com.microenv.audit.persistence;

/**
 * What appending an event did.
 *
 * @param stored whether a new row was written ({@code false}: an event with that id was already stored)
 * @param seq    the new row's seq, when stored
 */
public record AppendResult(boolean stored, Long seq) {

    static AppendResult storedAt(long seq) {
        return new AppendResult(true, seq);
    }

    static AppendResult duplicate() {
        return new AppendResult(false, null);
    }
}
