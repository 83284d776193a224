<?xml version="1.0" encoding="utf-8"?>
<!-- Shows an Atom feed of the site as a readable page in a browser, with how to subscribe. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/atom:feed">
    <html lang="{{ site.language }}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/> (feed)</title>
        <link rel="stylesheet" href="{{ site.css_url }}"/>
      </head>
      <body>
        <header class="site-header"><div class="wrap"><a class="site-title" href="{{ site.home_url }}">{{ site.title }}</a></div></header>
        <main id="main" class="wrap">
          <header class="list-header">
            <p class="eyebrow">Web feed</p>
            <h1><xsl:value-of select="atom:title"/></h1>
            <p class="lead"><xsl:value-of select="atom:subtitle"/></p>
          </header>
          <div class="notice">
            <p><strong>This is a web feed.</strong> To follow it, copy its address into a feed reader (such as NetNewsWire, Feedly, Inoreader or Thunderbird):</p>
            <p><code class="feed-address"><xsl:value-of select="atom:link[@rel='self']/@href"/></code></p>
            <p>New articles then come to you as they are added. <a href="{atom:link[@rel='alternate']/@href}">Back to the site</a></p>
          </div>
          <div class="entries">
            <xsl:for-each select="atom:entry">
              <article class="entry">
                <h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
                <p class="meta"><time datetime="{substring(atom:published, 1, 10)}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time></p>
                <p class="summary"><xsl:value-of select="atom:summary"/></p>
              </article>
            </xsl:for-each>
          </div>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
