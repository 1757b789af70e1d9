import { IDEOGRAM_MODELS } from "@upscale/core";
import { IDEOGRAM_V2_MODELS } from "@upscale/core/vendor-facts";

/** One line per model: its name and what it is for (from the core's facts). */
const MODEL_LINES = IDEOGRAM_MODELS.map((model) => {
  const summary =
    model === "legacy"
      ? "Ideogram's v1 upscale, as before (about ×2; --resemblance, --detail, --magic-prompt)"
      : `${IDEOGRAM_V2_MODELS[model].label}: ${IDEOGRAM_V2_MODELS[model].summary}`;
  return `        ${model.padEnd(18)} ${summary}`;
}).join("\n");

export const HELP = `upscale — upscale images offline, or through Ideogram or GPTunnel Midjourney.

Usage:
  upscale [options] <file|dir|glob>...              upscale images (offline by default)
  upscale --provider ideogram --quote <files>...    what an Ideogram upscale would cost (free, sends nothing)
  upscale resume                                    finish every paid job left unfinished (a crash, Ctrl-C, a
                                                    timeout): Ideogram generations and Midjourney tasks, no new charge
  upscale balance                                   the GPTunnel balance and credit limit
  upscale midjourney imagine "<prompt>"             generate a 2×2 grid (charges)
  upscale midjourney upsample <taskId|grid.png>... --index 1..4
  upscale midjourney variation <taskId|image.png> [--index 1..4] [--mode high|low]   (charges)
  upscale midjourney resume [taskId...]             finish Midjourney tasks already submitted (no new charge);
                                                    without ids, every unfinished one this tool paid for

Inputs: files, folders (their files, not subfolders) and globs ("photos/**/*.jpg", quoted so the shell leaves
them alone). Every file a folder or glob holds is accounted for: a file that is not upscaled is listed with why
(another image type — with what to convert it to —, an earlier result of this tool, not an image) and counted in
the summary. Earlier results are known by the mark this tool writes into them (PNG Software, JPEG comment, WebP
chunk), not by their name: a designer's icon@2x.png is upscaled like any other image. A file named explicitly is
always upscaled.

What is sent, what is kept: every result keeps what came in — the input's EXIF (orientation set upright),
XMP, IPTC, comments, density, colour profile, transparency and encoding. Offline, nothing leaves the computer.
Ideogram is sent only the picture people see: EXIF orientation applied to the pixels, only its colour profile
and density — no EXIF (camera, dates), GPS position, serial numbers, names, XMP, IPTC or comments, and never
the data after the image (a Motion Photo's video). A note after each result says what was left out.
      --strip-metadata   results keep only the colour profile and density of the input (and the orientation
                         tag where pixels could not be turned); a note says what was left out.
      --send-metadata    --provider ideogram: send the input's EXIF, XMP and IPTC to Ideogram too (never the
                         data after the image). Price quotes never carry them.

Options for every command:
  -o, --out <file|dir>   where to write. Default: <name>@<scale>x.<ext> beside each input; Midjourney
                         grids go to ./midjourney-<taskId>.png, upsamples to <grid>@u<index>.png. A folder
                         when it exists, ends with "/", or there are several inputs. A file's extension
                         sets the result's format (-o big.webp); names are fixed before anything is sent.
      --overwrite        replace existing files (never done otherwise). Inputs are never modified; results
                         are written to a temporary file first and renamed, so no partial file is ever left.
      --json             one JSON object per line per input on stdout:
                         {"input","output","provider","width","height","ms"} on success (plus "costUsd", what
                         Ideogram billed, and "taskId" for Midjourney and resumed generations),
                         {"input","error":{"code","message"}} on failure (plus "taskId" to resume,
                         "resultUrl" for an Ideogram result paid for but not downloaded), {"input","skipped"}
                         for a file not upscaled, {"input","model","priceUsd","upperBoundUsd","qualifier"}
                         with --quote.
      --concurrency <n>  inputs in flight at once. Defaults: local one per CPU core (up to 4),
                         ideogram 10 (Ideogram's limit), midjourney 4.
  -h, --help             this help.
  -v, --version          the version.

Choosing a provider:
      --provider <id>    local (default, offline, no key), ideogram, or midjourney (same as
                         \`upscale midjourney upsample\`: inputs are task ids or grids made by imagine).
                         With \`upscale resume\`: only that vendor's unfinished work.

Offline provider (--provider local) only:
      --scale <2|3|4>    factor (default 2).
      --format <png|jpeg|webp>
                         output format (default: the input's).

Ideogram (--provider ideogram) only — key from IDEOGRAM_API_KEY:
      --model <name>     the upscaler (default auto):
${MODEL_LINES}
      --scale <2|4|8>    factor (default 2), where the model offers it; results over 8192 px a side are
                         refused before paying, naming the factor that fits. Results are named @<scale>x.
      --strength <low|medium|high>   topaz-wonder-3-5's enhancement strength.
      --resolution <1K|2K|4K>        nano-banana-pro's resolution tier (it takes no --scale).
      --prompt <text>    guidance: topaz-bloom-2 and topaz-redefine (and legacy).
      --seed <0-2147483647>   for repeatable results.
      --quote            print the price of each input and the total, from Ideogram's free dry run; nothing
                         is upscaled, billed or written. auto and nano-banana-pro quote an estimate and the
                         most it can cost.
      --max-cost <usd>   quote the batch first and refuse all of it, before paying anything, when the most it
                         can cost is above this (e.g. --max-cost 1.50). The summary says what was spent.
      --api-key <key>    instead of IDEOGRAM_API_KEY (prefer the variable: flags show up in \`ps\` and history).
      --base-url <url>   API base (default https://api.ideogram.ai; a relay's, e.g. https://relay.example/ideogram).
      --auth <api-key|bearer>
                         how the key is sent: "api-key" (Api-Key header, official API, default) or
                         "bearer" (Authorization: Bearer, for relays; needs --base-url).
      --deadline <seconds>   how long to ride out "too many requests" (429, honouring Retry-After; default
                         60) and to wait for a generation (default 600) before giving up.
  --model legacy only (Ideogram's v1 upscale, about 2×, results named @2x; no price quotes):
      --resemblance <1-100>   how close to the original (Ideogram's default 50).
      --detail <1-100>   how much detail to add (Ideogram's default 50).
      --magic-prompt <AUTO|ON|OFF>
                         let Ideogram rewrite the prompt.
  A v2 upscale is a paid generation: its id is printed to stderr and recorded in
  $XDG_STATE_HOME/upscale/midjourney-tasks.json (default ~/.local/state) the moment it exists, so a crash or
  Ctrl-C never loses it — \`upscale resume\` downloads it into its place without paying again. Results keep
  the input's format; the real width and height are in the output line and the JSON line.

Resuming and balances:
  upscale resume         every unfinished Ideogram generation and Midjourney task in the ledger, each into
                         the file it was meant for (with -o, into that folder). Needs each vendor's key;
                         --base-url, --auth and --api-key belong to one vendor: give --provider with them.
  upscale balance        GPTunnel's balance and credit limit (roubles; the balance may go negative down to the
                         limit), with the same --base-url and --api-key as the Midjourney commands. Ideogram has
                         no balance API: --quote shows what a run will cost instead.

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
  upscale --strip-metadata shots/                 results without the photos' EXIF, XMP and IPTC
  IDEOGRAM_API_KEY=… upscale --provider ideogram --model topaz-standard-2 --scale 4 --quote shots/
  IDEOGRAM_API_KEY=… upscale --provider ideogram --model topaz-standard-2 --scale 4 --max-cost 2 shots/
  IDEOGRAM_API_KEY=… upscale --provider ideogram --model topaz-bloom-2 --prompt "sharp product photo" "shots/*.png"
  IDEOGRAM_API_KEY=… upscale --provider ideogram --auth bearer --base-url https://relay.example/ideogram a.png
  IDEOGRAM_API_KEY=… upscale resume               finish what a crash or Ctrl-C left unfinished
  GPTUNNEL_API_KEY=… upscale balance
  GPTUNNEL_API_KEY=… upscale midjourney imagine "a lighthouse at dawn, watercolor"
  upscale midjourney upsample midjourney-<taskId>.png --index 2
  upscale midjourney variation midjourney-<taskId>.png --index 3
  upscale midjourney resume 6558a19c0bfe4600011437cd
  upscale --json --concurrency 4 photos/ > results.jsonl

Ctrl-C stops in-flight work, removes temporary files and prints the paid tasks to resume. Billed requests
already sent are let finish first: an Ideogram upscale is finished and its result saved; an imagine or
variation is finished so its id is not lost. Inputs not started are counted as such. A second Ctrl-C quits
at once (and says whether \`upscale resume\` can finish what was running, or a billed request may be lost).

Exit codes: 0 all inputs succeeded; 1 at least one failed; 2 usage error (bad option, missing API key),
nothing attempted; 130 interrupted.
`;
