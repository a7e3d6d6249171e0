import { createServer, type Socket } from 'node:net'

export interface ReceivedMail { from: string, to: string[], data: string, text: string }

/** A tiny SMTP server on 127.0.0.1 (enough of RFC 5321 for nodemailer); no TLS, no auth. */
export async function startSmtpServer (): Promise<{ url: string, mails: ReceivedMail[], waitForMail: (count: number) => Promise<ReceivedMail>, close: () => Promise<void> }> {
  const mails: ReceivedMail[] = []
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    let buffer = ''
    let inData = false
    let current: ReceivedMail = { from: '', to: [], data: '', text: '' }
    socket.write('220 localhost test SMTP\r\n')
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8')
      while (true) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n')
          if (end === -1) return
          current.data = buffer.slice(0, end)
          // Undo quoted-printable soft breaks and the escapes a URL needs.
          current.text = current.data.replace(/=\r\n/g, '').replace(/=3D/g, '=')
          mails.push(current)
          current = { from: '', to: [], data: '', text: '' }
          buffer = buffer.slice(end + 5)
          inData = false
          socket.write('250 OK queued\r\n')
          continue
        }
        const eol = buffer.indexOf('\r\n')
        if (eol === -1) return
        const line = buffer.slice(0, eol)
        buffer = buffer.slice(eol + 2)
        const verb = line.slice(0, 4).toUpperCase()
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250-localhost\r\n250 8BITMIME\r\n')
        else if (verb === 'MAIL') { current.from = line; socket.write('250 OK\r\n') } else if (verb === 'RCPT') { current.to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1')); socket.write('250 OK\r\n') } else if (verb === 'DATA') { inData = true; socket.write('354 End data with <CR><LF>.<CR><LF>\r\n') } else if (verb === 'QUIT') { socket.end('221 Bye\r\n') } else socket.write('250 OK\r\n')
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitForMail (count) {
      for (let i = 0; i < 200 && mails.length < count; i++) await new Promise((resolve) => setTimeout(resolve, 50))
      if (mails.length < count) throw new Error(`expected ${count} mails, got ${mails.length}`)
      return mails[count - 1]
    },
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** The one-time token of a link in a received mail. */
export function tokenIn (mail: ReceivedMail): string {
  const match = /token=([A-Za-z0-9_-]{20,})/.exec(mail.text)
  if (match?.[1] == null) throw new Error(`no token in mail: ${mail.text}`)
  return match[1]
}
