/** Resolves with the first SIGTERM or SIGINT; a second one exits at once. */
export async function untilSignal (): Promise<NodeJS.Signals> {
  return await new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGTERM', onSignal)
      process.off('SIGINT', onSignal)
      process.once('SIGTERM', () => process.exit(1))
      process.once('SIGINT', () => process.exit(1))
      resolve(signal)
    }
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
  })
}
