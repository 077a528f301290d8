package org.egret.api.turn;

/**
 * A plan loop: the agent called the same tool with the same arguments again and again and got the same result back,
 * so it made no progress.
 *
 * @param tool      the repeated tool
 * @param arguments the start of the repeated arguments, for the user
 * @param repeats   how many times the call was made
 */
public record PlanLoop(String tool, String arguments, int repeats) {
}
