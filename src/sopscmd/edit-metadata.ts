/**
 * `hush edit --show-master-keys` (sops `edit -s`): the editor gets the file as
 * sops shows it in that mode, the plaintext values with the file's `sops`
 * section (sops: cmd/sops/edit.go, `EmitEncryptedFile` of the decrypted
 * tree): age entries with their `enc`, other key types, lastmodified, the
 * encrypted MAC, the selection option, version. Each format places it where
 * it places metadata (YAML/JSON `sops:`, dotenv `sops_…` lines, INI `[sops]`,
 * binary files as their JSON envelope).
 *
 * On save sops 3.10–3.13 reads the section back (`LoadEncryptedFile`; a
 * broken one sends the user back to the editor), but then re-encrypts the
 * tree it had before the editor ran (runEditorUntilOk replaces only its own
 * copy of the tree pointer), so every edit made in this mode is dropped and
 * the file is rewritten with its old content. hush does not copy that: the
 * values you change are saved as in a plain `edit`, and the `sops` section is
 * for reading: changed, missing or broken, nothing is written. Recipients
 * change with `hush updatekeys` or `hush rotate --add-age/--rm-age`.
 */
import { HushError, isHushError } from "../errors.js";
import type { WireMap } from "../formats/index.js";
import { metadataFromWire, metadataToWire, type Metadata } from "../sops/metadata.js";

/** The `sops` section the editor shows for `metadata`. */
export function shownMetadata(metadata: Metadata): WireMap {
  return metadataToWire(metadata);
}

/**
 * Checks the section read back from the edited text against the one shown.
 * Compared as sops reads it (key order, quoting and layout do not count).
 * @throws HushError METADATA_INVALID (missing or broken), METADATA_EDITED (changed)
 */
export function checkShownMetadata(edited: WireMap | undefined, shown: WireMap, file: string): void {
  if (edited === undefined) {
    throw new HushError("METADATA_INVALID", "the edited text has no sops section; nothing was written", { file, hint: "with --show-master-keys leave the sops section as it is" });
  }
  let read: Metadata;
  try {
    read = metadataFromWire(edited, file);
  } catch (error) {
    if (!isHushError(error, "METADATA_INVALID")) throw error;
    throw new HushError("METADATA_INVALID", `${error.message.replace(/^sops metadata: /, "the edited sops section is invalid: ")}; nothing was written`, { file, hint: "with --show-master-keys leave the sops section as it is" });
  }
  if (canonical(metadataToWire(read)) !== canonical(metadataToWire(metadataFromWire(shown, file)))) {
    throw new HushError("METADATA_EDITED", "the sops section was changed in the editor; hush edit saves value changes only, nothing was written", {
      file,
      hint: "change recipients with hush updatekeys or hush rotate --add-age/--rm-age",
    });
  }
}

function canonical(wire: WireMap): string {
  return JSON.stringify(wire);
}
