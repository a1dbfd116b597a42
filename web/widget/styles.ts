// The widget's CSS, inside its shadow root: the host page's styles cannot reach it, nor it theirs.
export const styles = (primary: string, text: string, side: 'right' | 'left' = 'right') => `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
.launcher { position: fixed; ${side}: 20px; bottom: 20px; width: 56px; height: 56px; border-radius: 50%; border: 0; cursor: pointer;
  background: ${primary}; color: ${text}; box-shadow: 0 4px 14px rgba(0,0,0,.25); z-index: 2147483000; display: grid; place-items: center; }
.launcher:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #222; outline-offset: 2px; }
.panel { position: fixed; ${side}: 20px; bottom: 88px; width: 360px; max-width: calc(100vw - 24px); height: 520px; max-height: calc(100vh - 110px);
  display: flex; flex-direction: column; background: #fff; color: #1a1b1e; border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25);
  overflow: hidden; z-index: 2147483000; font-size: 14px; }
.panel[hidden] { display: none; }
header { background: ${primary}; color: ${text}; padding: 12px 14px; display: flex; align-items: center; justify-content: space-between; }
header h2 { font-size: 16px; margin: 0; font-weight: 600; }
header p { margin: 2px 0 0; font-size: 12px; }
.close { background: transparent; border: 0; color: inherit; font-size: 22px; cursor: pointer; line-height: 1; padding: 4px 8px; }
.log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f8f9fa; }
.bubble { max-width: 80%; padding: 8px 11px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; line-height: 1.35; }
.visitor { align-self: flex-end; background: ${primary}; color: ${text}; border-bottom-right-radius: 3px; }
.agent { align-self: flex-start; background: #fff; border: 1px solid #dee2e6; border-bottom-left-radius: 3px; }
.pending { opacity: .7; }
.who { display: block; font-size: 11px; font-weight: 600; margin-bottom: 2px; color: #495057; }
.note { align-self: center; font-size: 12px; color: #495057; text-align: center; }
.typing { font-size: 12px; color: #495057; padding: 0 12px 4px; min-height: 18px; background: #f8f9fa; }
form { display: flex; gap: 6px; padding: 10px; border-top: 1px solid #dee2e6; flex-wrap: wrap; background: #fff; }
form[hidden] { display: none; }
label { font-size: 12px; color: #343a40; width: 100%; }
input, textarea { flex: 1; min-width: 0; border: 1px solid #868e96; border-radius: 8px; padding: 8px; font-size: 14px; color: #1a1b1e; background: #fff; }
textarea { resize: none; height: 40px; }
.offline textarea { height: 80px; width: 100%; flex-basis: 100%; }
.offline input { flex-basis: 100%; }
button.primary { background: ${primary}; color: ${text}; border: 0; border-radius: 8px; padding: 8px 14px; cursor: pointer; font-size: 14px; font-weight: 600; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
