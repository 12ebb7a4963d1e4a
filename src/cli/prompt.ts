/** docker/cli's prompt.Confirm: prints "MESSAGE [y/N] " and accepts only "y" or "Y". */
import type { CliIO } from "./command.js";

export async function confirm(io: CliIO, message: string): Promise<boolean> {
  io.stdout(message + " [y/N] ");
  const answer = await io.readLine();
  return answer !== undefined && answer.trim().toLowerCase() === "y";
}
