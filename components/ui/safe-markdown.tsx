// Guidelines are Markdown written by leads but shown to everyone: raw HTML is dropped
// (skipHtml) and react-markdown's default URL filter removes javascript: and similar links.
import ReactMarkdown from "react-markdown";

export function SafeMarkdown({ markdown }: { markdown: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml>{markdown}</ReactMarkdown>
    </div>
  );
}
