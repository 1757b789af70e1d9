export const HELP = `upscale — upscale images offline, or through Ideogram or GPTunnel Midjourney.

Usage:
  upscale [options] <file|dir|glob>...              upscale images (offline by default)
  upscale midjourney imagine "<prompt>"             generate a 2×2 grid (charges)
  upscale midjourney upsample <taskId|grid.png>... --index 1..4
  upscale midjourney variation <taskId|image.png> [--index 1..4] [--mode high|low]   (charges)
  upscale midjourney resume [taskId...]             finish tasks already submitted (no new charge);
                                                    without ids, every unfinished one this tool paid for

Inputs: files, folders (their PNG, JPEG and WebP files, not subfolders; earlier results like *@2x.png are
skipped) and globs ("photos/**/*.jpg", quoted so the shell leaves them alone).

Options for every command:
  -o, --out <file|dir>   where to write. Default: <name>@<scale>x.<ext> beside each input; Midjourney
                         grids go to ./midjourney-<taskId>.png, upsamples to <grid>@u<index>.png. A folder
                         when it exists, ends with "/", or there are several inputs. A file's extension
                         sets the result's format (-o big.webp); names are fixed before anything is sent.
      --overwrite        replace existing files (never done otherwise). Inputs are never modified; results
                         are written to a temporary file first and renamed, so no partial file is ever left.
      --json             one JSON object per line per input on stdout:
                         {"input","output","provider","width","height","ms"} on success (plus "taskId" for
                         Midjourney), {"input","error":{"code","message"}} on failure (plus "taskId" to
                         resume, "resultUrl" for an Ideogram result paid for but not downloaded).
      --concurrency <n>  inputs in flight at once. Defaults: local one per CPU core (up to 4),
                         ideogram 10 (Ideogram's limit), midjourney 4.
  -h, --help             this help.
  -v, --version          the version.

Choosing a provider:
      --provider <id>    local (default, offline, no key), ideogram, or midjourney (same as
                         \`upscale midjourney upsample\`: inputs are task ids or grids made by imagine).

Offline provider (--provider local) only:
      --scale <2|3|4>    factor (default 2).
      --format <png|jpeg|webp>
                         output format (default: the input's).

Ideogram (--provider ideogram) only — key from IDEOGRAM_API_KEY:
      --api-key <key>    instead of IDEOGRAM_API_KEY (prefer the variable: flags show up in \`ps\` and history).
      --base-url <url>   API base (default https://api.ideogram.ai; a relay's, e.g. https://relay.example/ideogram).
      --auth <api-key|bearer>
                         how the key is sent: "api-key" (Api-Key header, official API, default) or
                         "bearer" (Authorization: Bearer, for relays; needs --base-url).
      --prompt <text>    optional guidance for the upscale.
      --resemblance <1-100>   how close to the original (Ideogram's default 50).
      --detail <1-100>   how much detail to add (Ideogram's default 50).
      --magic-prompt <AUTO|ON|OFF>
                         let Ideogram rewrite the prompt.
      --seed <0-2147483647>   for repeatable results.
      --deadline <seconds>   how long to keep retrying while Ideogram answers "too many requests" (429,
                         honouring its Retry-After; default 60) before giving up with RATE_LIMITED.
  Ideogram chooses the output size (about 2×): results are named @2x, its nominal factor, and keep the
  input's format; the real width and height are in the output line and the JSON line.

Midjourney (upscale midjourney …) — GPTunnel key from GPTUNNEL_API_KEY:
      --api-key <key>    instead of GPTUNNEL_API_KEY.
      --base-url <url>   API base (default https://gptunnel.ru/v1/midjourney).
      --index <1-4>      which image of a grid: 1 top left, 2 top right, 3 bottom left, 4 bottom right.
      --mode <high|low>  variation strength (required when varying an upsampled image).
      --deadline <seconds>   give up waiting for a task after this long (default 600). The task keeps its
                         id: finish it later with \`upscale midjourney resume <taskId>\`.
  imagine and variation charge: they are sent once and never re-sent. Each task id is printed to stderr the
  moment it exists, recorded in $XDG_STATE_HOME/upscale/midjourney-tasks.json (default ~/.local/state) until
  its image is saved, and stored inside the PNG saved for it, so upsample can take that PNG.

Examples:
  upscale photo.jpg                               → photo@2x.jpg (offline)
  upscale --scale 4 --format webp -o out/ shots/  every image in shots/, 4×, as WebP, into out/
  IDEOGRAM_API_KEY=… upscale --provider ideogram --prompt "sharp product photo" "shots/*.png"
  IDEOGRAM_API_KEY=… upscale --provider ideogram --auth bearer --base-url https://relay.example/ideogram a.png
  GPTUNNEL_API_KEY=… upscale midjourney imagine "a lighthouse at dawn, watercolor"
  upscale midjourney upsample midjourney-<taskId>.png --index 2
  upscale midjourney variation midjourney-<taskId>.png --index 3
  upscale midjourney resume 6558a19c0bfe4600011437cd
  upscale --json --concurrency 4 photos/ > results.jsonl

Ctrl-C stops in-flight work, removes temporary files and prints the Midjourney task ids to resume. Billed
requests already sent are let finish first: an Ideogram upload is finished and its result saved; an imagine
or variation is finished so its id is not lost. Inputs not started are counted as such. A second Ctrl-C
quits at once (and says so if a billed request may be lost).

Exit codes: 0 all inputs succeeded; 1 at least one failed; 2 usage error (bad option, missing API key),
nothing attempted; 130 interrupted.
`;
